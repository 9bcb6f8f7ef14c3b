// Package wellarchitected moves reviews between opslens and the AWS
// Well-Architected Tool: it reads what `aws wellarchitected get-workload`
// and `list-answers` print, so a team brings its existing reviews over,
// and writes the `aws wellarchitected update-answer` commands that record
// an opslens review in the AWS tool.
//
// The field names below are those of the AWS Well-Architected API
// reference (GetWorkload, ListAnswers); unknown fields are ignored, since
// the AWS CLI adds fields over time.
package wellarchitected

import "time"

// GetWorkloadOutput is what `aws wellarchitected get-workload` prints.
type GetWorkloadOutput struct {
	Workload Workload `json:"Workload"`
}

// Workload is the AWS API's Workload.
type Workload struct {
	WorkloadID          string            `json:"WorkloadId"`
	WorkloadArn         string            `json:"WorkloadArn"`
	WorkloadName        string            `json:"WorkloadName"`
	Description         string            `json:"Description"`
	Environment         string            `json:"Environment"`
	UpdatedAt           *time.Time        `json:"UpdatedAt"`
	AccountIDs          []string          `json:"AccountIds"`
	AwsRegions          []string          `json:"AwsRegions"`
	NonAwsRegions       []string          `json:"NonAwsRegions"`
	ArchitecturalDesign string            `json:"ArchitecturalDesign"`
	ReviewOwner         string            `json:"ReviewOwner"`
	IndustryType        string            `json:"IndustryType"`
	Industry            string            `json:"Industry"`
	Notes               string            `json:"Notes"`
	PillarPriorities    []string          `json:"PillarPriorities"`
	Lenses              []string          `json:"Lenses"`
	Owner               string            `json:"Owner"`
	Tags                map[string]string `json:"Tags"`
}

// ListAnswersOutput is what `aws wellarchitected list-answers` prints,
// one page of it.
type ListAnswersOutput struct {
	WorkloadID      string          `json:"WorkloadId"`
	MilestoneNumber int             `json:"MilestoneNumber"`
	LensAlias       string          `json:"LensAlias"`
	LensArn         string          `json:"LensArn"`
	AnswerSummaries []AnswerSummary `json:"AnswerSummaries"`
	NextToken       string          `json:"NextToken"`
}

// AnswerSummary is the AWS API's AnswerSummary.
type AnswerSummary struct {
	QuestionID            string                `json:"QuestionId"`
	PillarID              string                `json:"PillarId"`
	QuestionTitle         string                `json:"QuestionTitle"`
	Choices               []Choice              `json:"Choices"`
	SelectedChoices       []string              `json:"SelectedChoices"`
	ChoiceAnswerSummaries []ChoiceAnswerSummary `json:"ChoiceAnswerSummaries"`
	IsApplicable          *bool                 `json:"IsApplicable"`
	Risk                  string                `json:"Risk"`
	Reason                string                `json:"Reason"`
}

// Choice is the AWS API's Choice (only what matching needs).
type Choice struct {
	ChoiceID string `json:"ChoiceId"`
	Title    string `json:"Title"`
}

// ChoiceAnswerSummary is the AWS API's ChoiceAnswerSummary.
type ChoiceAnswerSummary struct {
	ChoiceID string `json:"ChoiceId"`
	Status   string `json:"Status"`
	Reason   string `json:"Reason"`
}
