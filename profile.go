package opslens

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// A profile records a workload's business context, in the manner of the
// AWS tool's profile questions, so the improvement plan can put first what
// matters to that workload. Keys are the questions below, values one of
// their answers.
type Profile map[string]string

// ProfileQuestion is one question of the profile with its answers.
type ProfileQuestion struct {
	Key, Question string
	Answers       []string
}

// ProfileQuestions are the profile's questions, in the words opslens asks
// them.
var ProfileQuestions = []ProfileQuestion{
	{"criticality", "How much does the business depend on the workload?", []string{"mission-critical", "business-critical", "supporting"}},
	{"change", "How often does it change in production?", []string{"daily", "weekly", "monthly"}},
	{"regulated", "Does it fall under regulatory or compliance obligations?", []string{"yes", "no"}},
	{"teams", "How many teams build and run it?", []string{"one", "several"}},
	{"on-call", "Does it page people outside working hours?", []string{"yes", "no"}},
}

// Validate checks every key and value of a profile.
func (p Profile) Validate() error {
	for k, v := range p {
		i := slices.IndexFunc(ProfileQuestions, func(q ProfileQuestion) bool { return q.Key == k })
		if i < 0 {
			return Errorf(EINVALID, "unknown profile question %q: use %s", k, profileKeys())
		}
		if !slices.Contains(ProfileQuestions[i].Answers, v) {
			return Errorf(EINVALID, "profile %s=%q: answer %s", k, v, strings.Join(ProfileQuestions[i].Answers, ", "))
		}
	}
	return nil
}

func profileKeys() string {
	keys := make([]string, len(ProfileQuestions))
	for i, q := range ProfileQuestions {
		keys[i] = q.Key
	}
	return strings.Join(keys, ", ")
}

// String lists the profile as key=value pairs in key order.
func (p Profile) String() string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%s", k, p[k])
	}
	return strings.Join(parts, ", ")
}
