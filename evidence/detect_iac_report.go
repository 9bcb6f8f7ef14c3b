package evidence

import (
	"fmt"
	"regexp"
	"strings"
)

// Small helpers the iac detectors share to read resources in either format
// and to word their proofs.

// iacHit is a hit on resource r. The proof's line is the declaration's;
// sub, when given, is a key path below the resource's attributes
// (Properties for CloudFormation) that says more than the line.
func iacHit(practice string, c Confidence, r *iacResource, sub, summary string) Hit {
	kp := r.KeyPath
	if sub != "" {
		if r.Tool == iacCloudFormation {
			kp += ".Properties"
		}
		kp += "." + sub
	}
	return Hit{Practice: practice, Confidence: c, Proof: Proof{Path: r.Path, Line: r.Line, KeyPath: kp, Summary: summary}}
}

// iacCap keeps at most n hits per practice, in order: a reviewer needs a
// few proofs, and the summaries carry the counts.
func iacCap(hits []Hit, n int) []Hit {
	seen := map[string]int{}
	var out []Hit
	for _, h := range hits {
		if seen[h.Practice] < n {
			seen[h.Practice]++
			out = append(out, h)
		}
	}
	return out
}

// iacAttr reads the attribute that Terraform and CloudFormation name
// differently (alarm_actions / AlarmActions).
func iacAttr(r *iacResource, tf, cfn string) iacValue {
	if r.Tool == iacCloudFormation {
		return r.Attr(cfn)
	}
	return r.Attr(tf)
}

// iacKeyName is the key path of an attribute chosen by iacAttr.
func iacKeyName(r *iacResource, tf, cfn string) string {
	if r.Tool == iacCloudFormation {
		return cfn
	}
	return tf
}

// iacName is how a summary names a resource: its literal name attribute
// (alarm_name = "api-5xx") quoted, or else its address.
func iacName(r *iacResource, tf, cfn string) string {
	v := iacAttr(r, tf, cfn)
	if s, ok := v.Str(); ok && s != "" {
		return fmt.Sprintf("%q", s)
	}
	// A Terraform string template reads well as written:
	// "orders-${var.environment}-5xx".
	if s := v.Text(); r.Tool == iacTerraform && len(s) > 2 && len(s) <= 80 && s[0] == '"' && s[len(s)-1] == '"' && !strings.Contains(s, "\n") {
		return s
	}
	return r.KeyPath
}

// iacCount words a count: "1 alarm", "3 alarms".
func iacCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") && !strings.ContainsAny(noun[max(0, len(noun)-2):len(noun)-1], "aeiou") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// iacCounts joins the non-zero counts: "3 resources and 1 module call".
func iacCounts(parts ...any) string {
	var out []string
	for i := 0; i+1 < len(parts); i += 2 {
		if n, _ := parts[i].(int); n > 0 {
			out = append(out, iacCount(n, parts[i+1].(string)))
		}
	}
	switch len(out) {
	case 0:
		return "nothing"
	case 1:
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
}

// iacOf words a share: "1 of 4 alarms does", "2 of 4 alarms do".
func iacOf(n, total int, noun string) string {
	verb := "do"
	if n == 1 {
		verb = "does"
	}
	return fmt.Sprintf("%d of %s %s", n, iacCount(total, noun), verb)
}

// iacList renders a list value as its literal items, comma-separated (the
// source text for items that are not literals).
func iacList(v iacValue) string {
	var out []string
	for _, it := range v.Items() {
		out = append(out, it.Text())
	}
	return strings.Join(out, ", ")
}

// iacShort trims a value for a summary.
func iacShort(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

var iacLink = regexp.MustCompile(`https?://[^\s"'<>)]+`)

// iacNorm lowercases a name and drops separators, so that cost-center,
// CostCenter and cost_center compare equal.
func iacNorm(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
