using System.Collections.Immutable;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Terraform;

/// <summary>
/// The sensitive strings seen during one read, and the masking that uses them. Terraform marks a
/// value sensitive where it is declared but copies it unmarked into computed attributes (a
/// <c>terraform_data</c> output, a connection string built with <c>nonsensitive()</c>), so a mask
/// tree alone is not enough: every kept string is also compared with every secret seen anywhere.
/// Lives only as long as the read; never stored on the model.
/// </summary>
internal sealed class SecretSet
{
    /// <summary>
    /// Secrets at least this long are also masked where they appear inside a longer string. Shorter
    /// ones would match by coincidence ("on", "1234") and only mask values that are exactly equal.
    /// </summary>
    public const int MinSubstringLength = SubstringMatcher.Window;

    private readonly HashSet<string> exact = new(StringComparer.Ordinal);

    // Built on first use, after the whole document is read; reset if a secret is added later.
    private SubstringMatcher? matcher;

    public bool IsEmpty => exact.Count == 0;

    public void Add(string secret)
    {
        // An empty secret reveals nothing, and matching it would mask every empty string.
        if (secret.Length > 0 && exact.Add(secret))
        {
            matcher = null;
        }
    }

    /// <summary>Adds every secret another read found (the other half of the same document).</summary>
    public void AddAll(SecretSet other)
    {
        foreach (var secret in other.exact)
        {
            Add(secret);
        }
    }

    /// <summary>Adds every string leaf of a value that is sensitive as a whole.</summary>
    public void AddAll(PlanValue value)
    {
        foreach (var s in value.Strings())
        {
            Add(s);
        }
    }

    /// <summary>Builds the matching once every secret is known, so that <see cref="Matches"/> may then be called from several threads.</summary>
    public void Prepare() => matcher ??= new SubstringMatcher(exact.Where(s => s.Length >= MinSubstringLength));

    /// <summary>True when the string is a secret or contains one that is long enough to be one on purpose.</summary>
    public bool Matches(string value)
    {
        if (exact.Contains(value))
        {
            return true;
        }

        Prepare();
        return value.Length > MinSubstringLength && !matcher!.IsEmpty && matcher.ContainsAny(value);
    }

    /// <summary>Replaces each occurrence of a secret inside free text (a message) by <c>(sensitive)</c>.</summary>
    public string RedactText(string text)
    {
        if (exact.Contains(text))
        {
            return PlanValue.Sensitive.ToString();
        }

        foreach (var secret in exact.Where(s => s.Length >= MinSubstringLength).OrderByDescending(s => s.Length).ThenBy(s => s, StringComparer.Ordinal))
        {
            text = text.Replace(secret, PlanValue.Sensitive.ToString(), StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>The value with every string that <see cref="Matches"/> a secret replaced by <see cref="PlanValue.Sensitive"/>; the same instance when nothing changes.</summary>
    public PlanValue Redact(PlanValue value)
    {
        switch (value)
        {
            case PlanValue.StringValue s:
                return Matches(s.Value) ? PlanValue.Sensitive : value;
            case PlanValue.ListValue list:
                ImmutableArray<PlanValue>.Builder? items = null;
                for (var i = 0; i < list.Items.Length; i++)
                {
                    var redacted = Redact(list.Items[i]);
                    if (!ReferenceEquals(redacted, list.Items[i]) && items is null)
                    {
                        items = list.Items.ToBuilder();
                    }

                    if (items is not null)
                    {
                        items[i] = redacted;
                    }
                }

                return items is null ? value : new PlanValue.ListValue(items.ToImmutable());
            case PlanValue.ObjectValue obj:
                var redactedProperties = obj.Properties.Map(this, static (secrets, _, item) => secrets.Redact(item));
                return ReferenceEquals(redactedProperties, obj.Properties) ? value : new PlanValue.ObjectValue(redactedProperties);
            default:
                return value;
        }
    }

    /// <summary>
    /// Applies a Terraform <c>*_sensitive</c> mask: <c>true</c> masks the whole value (and records its
    /// strings as secrets), an object or list mask descends. Other mask shapes mask nothing.
    /// </summary>
    public PlanValue ApplyMask(PlanValue value, PlanValue? mask)
    {
        switch (mask)
        {
            case PlanValue.BoolValue { Value: true }:
                AddAll(value);
                return PlanValue.Sensitive;
            case PlanValue.ObjectValue maskObject when value is PlanValue.ObjectValue obj:
                var maskedProperties = obj.Properties.Map(
                    (Secrets: this, Mask: maskObject.Properties),
                    static (state, key, item) => state.Mask.TryGetValue(key, out var subMask) ? state.Secrets.ApplyMask(item, subMask) : item);
                return ReferenceEquals(maskedProperties, obj.Properties) ? value : new PlanValue.ObjectValue(maskedProperties);
            case PlanValue.ListValue maskList when value is PlanValue.ListValue list:
                ImmutableArray<PlanValue>.Builder? items = null;
                for (var i = 0; i < list.Items.Length && i < maskList.Items.Length; i++)
                {
                    var masked = ApplyMask(list.Items[i], maskList.Items[i]);
                    if (!ReferenceEquals(masked, list.Items[i]))
                    {
                        items ??= list.Items.ToBuilder();
                        items[i] = masked;
                    }
                }

                return items is null ? value : new PlanValue.ListValue(items.ToImmutable());
            default:
                return value;
        }
    }

    /// <summary>True when a mask marks anything at all as sensitive.</summary>
    public static bool AnySensitive(PlanValue? mask)
    {
        switch (mask)
        {
            case PlanValue.BoolValue { Value: true }:
                return true;
            case PlanValue.ObjectValue o:
                foreach (var (_, item) in o.Properties)
                {
                    if (AnySensitive(item))
                    {
                        return true;
                    }
                }

                return false;
            case PlanValue.ListValue l:
                foreach (var item in l.Items)
                {
                    if (AnySensitive(item))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Applies Terraform's <c>after_unknown</c> tree: leaves marked <c>true</c> (absent or null in
    /// <c>after</c>) become <see cref="PlanValue.Unknown"/>, so rules can tell "known after apply" from null.
    /// </summary>
    public static PlanValue ApplyUnknown(PlanValue? value, PlanValue? unknown)
    {
        switch (unknown)
        {
            case PlanValue.BoolValue { Value: true }:
                return PlanValue.Unknown;
            case PlanValue.ObjectValue unknownObject when value is PlanValue.ObjectValue obj:
                // Unknown leaves may be absent from the value: these add keys as well as replace values.
                List<KeyValuePair<string, PlanValue>>? changed = null;
                foreach (var (key, subMask) in unknownObject.Properties)
                {
                    obj.Properties.TryGetValue(key, out var item);
                    if (item is null && subMask is not PlanValue.BoolValue { Value: true })
                    {
                        continue;
                    }

                    var merged = ApplyUnknown(item, subMask);
                    if (!ReferenceEquals(merged, item))
                    {
                        (changed ??= []).Add(KeyValuePair.Create(key, merged));
                    }
                }

                return changed is null ? obj : new PlanValue.ObjectValue(obj.Properties.SetItems(changed));
            case PlanValue.ListValue unknownList when value is PlanValue.ListValue list:
                ImmutableArray<PlanValue>.Builder? items = null;
                for (var i = 0; i < list.Items.Length && i < unknownList.Items.Length; i++)
                {
                    var merged = ApplyUnknown(list.Items[i], unknownList.Items[i]);
                    if (!ReferenceEquals(merged, list.Items[i]))
                    {
                        items ??= list.Items.ToBuilder();
                        items[i] = merged;
                    }
                }

                return items is null ? list : new PlanValue.ListValue(items.ToImmutable());
            default:
                return value ?? PlanValue.Null;
        }
    }
}
