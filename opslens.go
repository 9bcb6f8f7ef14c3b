// Package opslens holds the domain types of a Well-Architected review that
// every other package shares: workloads, answers, milestones, risks, and the
// Store interface that storage backends implement.
//
// Subpackages follow one package per concept or dependency: lens (the AWS
// custom-lens JSON format and risk rules), review (risk evaluation, plans,
// diffs and the service that ties storage to lenses), sqlite (the embedded
// default store), storetest (the conformance suite for stores), report
// (Markdown, HTML and JSON reports) and cmd/opslens (the CLI).
package opslens

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Risk is the outcome of a question, pillar, lens review or workload. The
// string values are the AWS Well-Architected API's RiskCounts keys, so JSON
// output reads the same as the AWS tool's.
type Risk string

const (
	RiskUnanswered    Risk = "UNANSWERED"
	RiskHigh          Risk = "HIGH"
	RiskMedium        Risk = "MEDIUM"
	RiskNone          Risk = "NONE"
	RiskNotApplicable Risk = "NOT_APPLICABLE"
)

// Risks lists every risk in the order reports show them.
var Risks = []Risk{RiskHigh, RiskMedium, RiskNone, RiskNotApplicable, RiskUnanswered}

// Severity orders risks so that a larger number is worse. Unanswered and not
// applicable questions carry no severity: they are not findings.
func (r Risk) Severity() int {
	switch r {
	case RiskHigh:
		return 2
	case RiskMedium:
		return 1
	}
	return 0
}

// Reason explains why a question or choice does not apply. Values match the
// AWS API's AnswerReason and ChoiceReason enums.
type Reason string

const (
	ReasonOutOfScope              Reason = "OUT_OF_SCOPE"
	ReasonBusinessPriorities      Reason = "BUSINESS_PRIORITIES"
	ReasonArchitectureConstraints Reason = "ARCHITECTURE_CONSTRAINTS"
	ReasonOther                   Reason = "OTHER"
	ReasonNone                    Reason = "NONE"
)

// Reasons lists the accepted reasons, for validation and help text.
var Reasons = []Reason{ReasonOutOfScope, ReasonBusinessPriorities, ReasonArchitectureConstraints, ReasonOther, ReasonNone}

// ParseReason accepts a reason in any case, with dashes or underscores.
func ParseReason(s string) (Reason, error) {
	norm := Reason(strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), "-", "_")))
	for _, r := range Reasons {
		if r == norm {
			return r, nil
		}
	}
	return "", Errorf(EINVALID, "unknown reason %q: use one of %s", s, joinReasons())
}

func joinReasons() string {
	s := make([]string, len(Reasons))
	for i, r := range Reasons {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// ChoiceStatus is the state of one choice in an answer (AWS ChoiceStatus).
type ChoiceStatus string

const (
	ChoiceSelected      ChoiceStatus = "SELECTED"
	ChoiceUnselected    ChoiceStatus = "UNSELECTED"
	ChoiceNotApplicable ChoiceStatus = "NOT_APPLICABLE"
)

// Environment is where a workload runs (AWS WorkloadEnvironment).
type Environment string

const (
	EnvProduction    Environment = "PRODUCTION"
	EnvPreproduction Environment = "PREPRODUCTION"
)

// ParseEnvironment accepts PRODUCTION or PREPRODUCTION in any case, plus the
// common short forms prod and preprod.
func ParseEnvironment(s string) (Environment, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "PRODUCTION", "PROD":
		return EnvProduction, nil
	case "PREPRODUCTION", "PREPROD", "PRE-PRODUCTION", "STAGING":
		return EnvPreproduction, nil
	}
	return "", Errorf(EINVALID, "unknown environment %q: use PRODUCTION or PREPRODUCTION", s)
}

// Workload is the system under review.
type Workload struct {
	ID                  int64             `json:"WorkloadId"`
	Name                string            `json:"WorkloadName"`
	Description         string            `json:"Description"`
	Environment         Environment       `json:"Environment"`
	Owner               string            `json:"Owner,omitempty"`
	ReviewOwner         string            `json:"ReviewOwner"`
	Locations           []string          `json:"Locations"`
	ArchitecturalDesign string            `json:"ArchitecturalDesign,omitempty"`
	Industry            string            `json:"Industry,omitempty"`
	IndustryType        string            `json:"IndustryType,omitempty"`
	Tags                map[string]string `json:"Tags"`
	Notes               string            `json:"Notes,omitempty"`
	PillarPriorities    []string          `json:"PillarPriorities"`
	// Profile is the workload's business context; it orders the plan.
	Profile   Profile   `json:"Profile,omitempty"`
	Lenses    []string  `json:"Lenses"`
	CreatedAt time.Time `json:"CreatedAt"`
	UpdatedAt time.Time `json:"UpdatedAt"`
	// Version counts the saved changes of the workload. A front end that
	// shows a workload and later writes it back sends the Version it showed;
	// the store refuses the write with ECONFLICT if someone saved in between.
	Version int64 `json:"Version"`
}

// Validate checks the fields a store relies on. Limits follow the AWS API so
// workloads can move between opslens and the AWS tool.
func (w *Workload) Validate() error {
	var probs []string
	if n := utf8.RuneCountInString(strings.TrimSpace(w.Name)); n < 3 || n > 100 {
		probs = append(probs, "name must be 3 to 100 characters")
	}
	if n := utf8.RuneCountInString(w.Description); n > 250 {
		probs = append(probs, fmt.Sprintf("description is %d characters; the limit is 250", n))
	}
	if w.Environment != EnvProduction && w.Environment != EnvPreproduction {
		probs = append(probs, fmt.Sprintf("environment %q must be PRODUCTION or PREPRODUCTION", w.Environment))
	}
	if n := utf8.RuneCountInString(w.Notes); n > 2084 {
		probs = append(probs, fmt.Sprintf("notes are %d characters; the limit is 2084", n))
	}
	if d := w.ArchitecturalDesign; d != "" {
		if u, err := url.Parse(d); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			probs = append(probs, fmt.Sprintf("architectural design %q must be an http(s) URL", d))
		}
	}
	if len(w.Tags) > 50 {
		probs = append(probs, "at most 50 tags")
	}
	if len(w.Lenses) == 0 {
		probs = append(probs, "at least one lens must be applied")
	}
	if err := w.Profile.Validate(); err != nil {
		probs = append(probs, err.Error())
	}
	if len(probs) > 0 {
		return Errorf(EINVALID, "workload %q: %s", w.Name, strings.Join(probs, "; "))
	}
	return nil
}

// ChoiceAnswer records a choice whose status differs from unselected, or
// that carries notes.
type ChoiceAnswer struct {
	ChoiceID string       `json:"ChoiceId"`
	Status   ChoiceStatus `json:"Status"`
	Reason   Reason       `json:"Reason,omitempty"`
	Notes    string       `json:"Notes,omitempty"`
	// Acceptance says who decided a not-applicable mark and until when.
	Acceptance *Acceptance `json:"Acceptance,omitempty"`
	// Source says who set the status: empty for a person, SourceEvidence
	// for a selection made by a scan's --apply that no person has
	// confirmed yet, SourceRejected when a person unselected such a
	// selection (so later scans do not select it again).
	Source string `json:"Source,omitempty"`
}

// Choice sources.
const (
	SourceEvidence = "EVIDENCE"
	SourceRejected = "REJECTED_EVIDENCE"
)

// Answer is the state of one question in one lens review. A question with no
// stored Answer is unanswered.
type Answer struct {
	QuestionID   string         `json:"QuestionId"`
	IsApplicable bool           `json:"IsApplicable"`
	Reason       Reason         `json:"Reason,omitempty"`
	Notes        string         `json:"Notes,omitempty"`
	Choices      []ChoiceAnswer `json:"ChoiceAnswers"`
	UpdatedAt    time.Time      `json:"UpdatedAt"`
	// Acceptance says who decided that the question is not applicable and
	// until when; AcceptedRisk records a risk the team accepts for now.
	// Both come from review files and are shown in reports; neither changes
	// the evaluated risk.
	Acceptance   *Acceptance `json:"Acceptance,omitempty"`
	AcceptedRisk *Acceptance `json:"AcceptedRisk,omitempty"`
	// Risk is the question's risk as evaluated when the answer was saved.
	// The review service sets it; stores keep it so that a dashboard of
	// thousands of workloads can count risks without evaluating every
	// answer. Evaluating the answer stays the source of truth.
	Risk Risk `json:"Risk,omitempty"`
	// Version counts the saved changes of this question's answer; 0 means
	// the question has never been answered. Writes of whole answers carry
	// the Version they were based on, and the store refuses stale ones.
	Version int64 `json:"Version"`
}

// Selected returns the IDs of the selected choices in stored order.
func (a *Answer) Selected() []string {
	var ids []string
	for _, c := range a.Choices {
		if c.Status == ChoiceSelected {
			ids = append(ids, c.ChoiceID)
		}
	}
	return ids
}

// Choice returns the recorded state of a choice, or an unselected one.
func (a *Answer) Choice(id string) ChoiceAnswer {
	for _, c := range a.Choices {
		if c.ChoiceID == id {
			return c
		}
	}
	return ChoiceAnswer{ChoiceID: id, Status: ChoiceUnselected}
}

// Acceptance records who owns a decision and until when it holds: a
// not-applicable mark or an accepted risk. Until is a day (YYYY-MM-DD) or
// empty for no end.
type Acceptance struct {
	By    string `json:"By,omitempty"`
	Until string `json:"Until,omitempty"`
	Note  string `json:"Note,omitempty"`
}

// Expired reports whether the acceptance ended before the day of now.
func (a *Acceptance) Expired(now time.Time) bool {
	if a == nil || a.Until == "" {
		return false
	}
	end, err := time.Parse(time.DateOnly, a.Until)
	return err == nil && now.After(end.AddDate(0, 0, 1))
}

// LensAnswers is the set of answers of one lens review, with the evidence
// recorded for it by scans.
type LensAnswers struct {
	LensAlias string        `json:"LensAlias"`
	Answers   []Answer      `json:"Answers"`
	Evidence  []EvidenceSet `json:"Evidence,omitempty"`
}

// Snapshot is everything needed to recompute a review as it stood at one
// moment: the workload facts and the answers of every applied lens.
type Snapshot struct {
	Workload Workload      `json:"Workload"`
	Reviews  []LensAnswers `json:"LensReviews"`
}

// Milestone is an immutable, numbered snapshot of a workload's review.
type Milestone struct {
	WorkloadID int64     `json:"-"`
	Number     int       `json:"MilestoneNumber"`
	Name       string    `json:"MilestoneName"`
	RecordedAt time.Time `json:"RecordedAt"`
	Snapshot   Snapshot  `json:"Snapshot"`
}

// LensRecord is a custom lens as stored: its alias and its JSON document.
// Built-in lenses live in the binary and are never stored.
type LensRecord struct {
	Alias      string
	Data       []byte
	ImportedAt time.Time
}
