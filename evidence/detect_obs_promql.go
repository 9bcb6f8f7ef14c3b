package evidence

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// PromQL-light: the few facts the detectors need from an expression, read
// from its tokens without a full PromQL parser (the Prometheus module would
// bring in hundreds of packages for three questions): does it compare with
// the past, does it forecast, is it an error-budget burn rate.

// promqlStrip removes string literals and comments, so label values such as
// job="offset-service" cannot look like operators or functions.
func promqlStrip(expr string) string {
	var b strings.Builder
	b.Grow(len(expr))
	var quote rune
	comment := false
	escaped := false
	for _, c := range expr {
		switch {
		case comment:
			if c == '\n' {
				comment = false
				b.WriteRune(c)
			}
		case quote != 0:
			if escaped {
				escaped = false
			} else if c == '\\' && quote != '`' {
				escaped = true
			} else if c == quote {
				quote = 0
				b.WriteString(`""`)
			}
		case c == '"' || c == '\'' || c == '`':
			quote = c
		case c == '#':
			comment = true
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

var (
	promqlFuncCall = regexp.MustCompile(`\b([a-zA-Z_][a-zA-Z0-9_]*)\s*\(`)
	promqlOffset   = regexp.MustCompile(`\boffset\s+(-?[0-9][0-9a-z]*)`)
	promqlRange    = regexp.MustCompile(`\[\s*([0-9][0-9a-z]*)\s*(?::[^\]]*)?\]`)
	promqlDurPart  = regexp.MustCompile(`^([0-9]+)(ms|y|w|d|h|m|s)`)
	promqlIdent    = regexp.MustCompile(`[a-zA-Z_:][a-zA-Z0-9_:]*`)
	promqlSetOp    = regexp.MustCompile(`\band\b|\bor\b`)
)

// promqlFuncs returns the functions an expression calls, in order.
func promqlFuncs(expr string) []string {
	var out []string
	for _, m := range promqlFuncCall.FindAllStringSubmatch(promqlStrip(expr), -1) {
		out = append(out, m[1])
	}
	return out
}

// promqlDuration parses a PromQL duration such as 5m, 1h30m, 1w or 1y.
func promqlDuration(s string) (time.Duration, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	units := map[string]time.Duration{
		"ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour,
		"d": 24 * time.Hour, "w": 7 * 24 * time.Hour, "y": 365 * 24 * time.Hour,
	}
	var total time.Duration
	if s == "" {
		return 0, false
	}
	for s != "" {
		m := promqlDurPart.FindStringSubmatch(s)
		if m == nil {
			return 0, false
		}
		n, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || n > 1<<20 {
			return 0, false
		}
		total += time.Duration(n) * units[m[2]]
		s = s[len(m[0]):]
	}
	if neg {
		total = -total
	}
	return total, true
}

// promqlMaxRange returns the longest range selector or subquery range.
func promqlMaxRange(expr string) time.Duration {
	var longest time.Duration
	for _, m := range promqlRange.FindAllStringSubmatch(promqlStrip(expr), -1) {
		if d, ok := promqlDuration(m[1]); ok && d > longest {
			longest = d
		}
	}
	return longest
}

// promqlAnomaly says how an expression compares current behaviour with the
// past or a forecast, or returns "" for a plain threshold. Comparing with a
// short offset (a few minutes, used to align samples) does not count.
func promqlAnomaly(expr string) string {
	s := promqlStrip(expr)
	for _, f := range promqlFuncs(s) {
		switch f {
		case "predict_linear":
			return "forecasts the series with predict_linear"
		case "holt_winters", "double_exponential_smoothing":
			return "smooths the series with " + f + " to follow its trend"
		case "stddev_over_time", "stdvar_over_time", "zscore":
			return "measures deviation from the usual level with " + f
		}
	}
	for _, m := range promqlOffset.FindAllStringSubmatch(s, -1) {
		if d, ok := promqlDuration(m[1]); ok && (d >= time.Hour || d <= -time.Hour) {
			return "compares with the same series " + strings.TrimPrefix(m[1], "-") + " earlier (offset " + m[1] + ")"
		}
	}
	if promqlBaseline(s) {
		return "compares the current value with its average over " + promqlFormatDuration(promqlMaxRange(s))
	}
	return ""
}

// promqlBaseline spots a long average (a day or more) used as a baseline
// next to a current value: avg_over_time(x[1d]) compared with x.
func promqlBaseline(s string) bool {
	i := strings.Index(s, "avg_over_time(")
	if i < 0 {
		i = strings.Index(s, "quantile_over_time(")
	}
	if i < 0 || promqlMaxRange(s) < 24*time.Hour {
		return false
	}
	// Something outside the average must be compared with it.
	rest := s[:i] + s[promqlCallEnd(s, i):]
	return strings.ContainsAny(rest, "/<>-") && promqlIdent.MatchString(rest)
}

// promqlCallEnd returns the index after the call that starts at i.
func promqlCallEnd(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(s)
}

var (
	promqlBudget     = regexp.MustCompile(`\(\s*1\s*-\s*0?\.[0-9]+\s*\)|\b1\s*-\s*0\.9[0-9]*\b`)
	promqlBurnName   = regexp.MustCompile(`(?i)(burn_?rate|error_?budget|slo:sli_error|sli_error|errorbudget|slo_error)`)
	promqlWindowName = regexp.MustCompile(`(?i)(?:rate|ratio|burnrate|_)([0-9]+[mhdw])\b`)
)

// promqlBurnRate reports whether an alert expression watches the burn rate
// of an error budget, and whether it does so over several windows (the
// multiwindow form: a long and a short window joined with "and").
func promqlBurnRate(expr string) (burn, multiwindow bool) {
	s := promqlStrip(expr)
	burn = promqlBudget.MatchString(s) || promqlBurnName.MatchString(s)
	if !burn {
		return false, false
	}
	windows := map[string]bool{}
	for _, m := range promqlRange.FindAllStringSubmatch(s, -1) {
		windows[m[1]] = true
	}
	for _, m := range promqlWindowName.FindAllStringSubmatch(s, -1) {
		windows[strings.ToLower(m[1])] = true
	}
	multiwindow = promqlSetOp.MatchString(s) && len(windows) >= 2
	return burn, multiwindow
}

// ddAnomaly names the Datadog function that makes a monitor query adaptive
// (anomalies, outliers, forecast), or "".
func ddAnomaly(query string) string {
	for _, f := range promqlFuncs(query) {
		switch f {
		case "anomalies", "outliers", "forecast":
			return f
		}
	}
	return ""
}

var logqlStream = regexp.MustCompile(`\{[^{}]*=[^{}]*\}\s*(\|[=~]|!=|!~|\|\s*(json|logfmt|pattern|regexp|line_format|unpack))`)

// logqlQuery reports whether an expression is a LogQL query over log
// streams (a Loki ruler rule) rather than PromQL over metrics.
func logqlQuery(expr string) bool {
	if logqlStream.MatchString(expr) {
		return true
	}
	for _, f := range []string{"count_over_time({", "rate({", "bytes_over_time({", "bytes_rate({", "absent_over_time({"} {
		if strings.Contains(strings.ReplaceAll(expr, " ", ""), f) {
			return true
		}
	}
	return false
}

// promqlFormatDuration writes a duration the way PromQL does (7d, 90m).
func promqlFormatDuration(d time.Duration) string {
	day := 24 * time.Hour
	switch {
	case d >= 7*day && d%(7*day) == 0:
		return strconv.FormatInt(int64(d/(7*day)), 10) + "w"
	case d >= day && d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + "d"
	case d >= time.Hour && d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d >= time.Minute && d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	}
	return d.String()
}

var (
	promqlMatchers = regexp.MustCompile(`\{[^{}]*\}`)
	promqlGrouping = regexp.MustCompile(`\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)`)
	promqlNameTok  = regexp.MustCompile(`[a-zA-Z_:][a-zA-Z0-9_:]*\s*\(?`)
	promqlNumber   = regexp.MustCompile(`(^|[^a-zA-Z0-9_:])[0-9][0-9a-zA-Z.]*`)
	promqlKeywords = map[string]bool{
		"by": true, "without": true, "on": true, "ignoring": true, "group_left": true, "group_right": true,
		"and": true, "or": true, "unless": true, "offset": true, "bool": true, "inf": true, "nan": true, "atan2": true,
	}
)

// promqlMetrics returns the metric (or recorded series) names an expression
// selects: identifiers that are not functions, keywords or grouping labels.
func promqlMetrics(expr string) []string {
	s := promqlStrip(expr)
	s = promqlMatchers.ReplaceAllString(s, " ")
	s = promqlGrouping.ReplaceAllString(s, " ")
	s = promqlRange.ReplaceAllString(s, " ")
	s = promqlNumber.ReplaceAllString(s, "$1 ")
	var out []string
	for _, tok := range promqlNameTok.FindAllString(s, -1) {
		if strings.HasSuffix(tok, "(") {
			continue
		}
		tok = strings.TrimSpace(tok)
		if !promqlKeywords[strings.ToLower(tok)] {
			out = append(out, tok)
		}
	}
	return out
}
