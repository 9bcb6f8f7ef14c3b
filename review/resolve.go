package review

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
)

// ResolveQuestion finds a question by the ID a user typed. It accepts the
// exact ID, the ID in any case, a 1-based position ("3" for the third
// question) or the ID without zero padding ("ops3" for OPS03), and otherwise
// fails naming the nearest IDs.
func ResolveQuestion(l *lens.Lens, alias, input string) (lens.QuestionRef, error) {
	in := strings.TrimSpace(input)
	refs := l.Questions()
	for _, r := range refs {
		if r.Question.ID == in {
			return r, nil
		}
	}
	for _, r := range refs {
		if strings.EqualFold(r.Question.ID, in) {
			return r, nil
		}
	}
	if n, err := strconv.Atoi(in); err == nil && n >= 1 && n <= len(refs) {
		return refs[n-1], nil
	}
	for _, r := range refs {
		if sameNumber(r.Question.ID, in) {
			return r, nil
		}
	}
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.Question.ID
	}
	return lens.QuestionRef{}, opslens.Errorf(opslens.ENOTFOUND, "question %q is not in lens %s%s", input, alias,
		suggest(in, ids, fmt.Sprintf("run 'opslens lens show %s' to list its questions", alias)))
}

// ResolveChoice finds a choice of a question by the ID a user typed. Besides
// the exact ID it accepts any case, dashes for underscores (the best-practice
// form OPS01-BP01), the ID without its question prefix (BP01) or zero
// padding (BP1), and "none" for the "None of these" choice.
func ResolveChoice(q *lens.Question, input string) (*lens.Choice, error) {
	in := strings.TrimSpace(input)
	norm := strings.ReplaceAll(in, "-", "_")
	candidates := []string{norm, q.ID + "_" + norm}
	if strings.EqualFold(in, "none") || strings.EqualFold(in, "no") {
		if c := q.NoneChoice(); c != nil {
			return c, nil
		}
	}
	for _, cand := range candidates {
		for i := range q.Choices {
			if strings.EqualFold(q.Choices[i].ID, cand) {
				return &q.Choices[i], nil
			}
		}
	}
	for _, cand := range candidates {
		for i := range q.Choices {
			if sameNumber(q.Choices[i].ID, cand) {
				return &q.Choices[i], nil
			}
		}
	}
	ids := make([]string, len(q.Choices))
	for i := range q.Choices {
		ids[i] = q.Choices[i].ID
	}
	// Compare a short form such as "bp08" with the full IDs it abbreviates,
	// so typos in either form get a suggestion.
	full := norm
	if !strings.HasPrefix(strings.ToUpper(norm), strings.ToUpper(q.ID)) {
		full = q.ID + "_" + norm
	}
	return nil, opslens.Errorf(opslens.ENOTFOUND, "choice %q is not a choice of question %s%s", input, q.ID,
		suggest(full, ids, "valid choices: "+strings.Join(ids, ", ")))
}

// suggest returns "; did you mean X?" naming the candidates closest to in
// (up to three when several are equally close), or "; " + fallback when
// nothing is close enough to be a likely typo.
func suggest(in string, candidates []string, fallback string) string {
	var best []string
	bestD := -1
	for _, c := range candidates {
		d := distance(strings.ToLower(in), strings.ToLower(c))
		switch {
		case bestD < 0 || d < bestD:
			best, bestD = []string{c}, d
		case d == bestD:
			best = append(best, c)
		}
	}
	limit := len(in)/3 + 1
	if limit < 2 {
		limit = 2
	}
	if bestD >= 0 && bestD <= limit && len(best) <= 3 {
		names := best[0]
		if n := len(best); n > 1 {
			names = strings.Join(best[:n-1], ", ") + " or " + best[n-1]
		}
		return fmt.Sprintf("; did you mean %s?", names)
	}
	if fallback == "" {
		return ""
	}
	return "; " + fallback
}

// sameNumber reports whether two IDs differ only in zero padding of their
// trailing number, as "OPS1" and "OPS01" do.
func sameNumber(a, b string) bool {
	pa, na := splitNumber(a)
	pb, nb := splitNumber(b)
	return na >= 0 && na == nb && strings.EqualFold(pa, pb)
}

func splitNumber(s string) (prefix string, n int) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	if i == len(s) {
		return s, -1
	}
	n, err := strconv.Atoi(s[i:])
	if err != nil {
		return s, -1
	}
	return s[:i], n
}

// distance is the Levenshtein edit distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
