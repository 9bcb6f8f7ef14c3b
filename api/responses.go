package api

import (
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/review"
)

// The response bodies of the HTTP API that are not shared with the CLI.
// Lists carry NextToken while more pages remain.

// ListWorkloadsOutput is ListWorkloads' body.
type ListWorkloadsOutput struct {
	WorkloadSummaries []WorkloadSummary
	NextToken         string `json:",omitempty"`
}

// WorkloadOutput is the body of GetWorkload and UpdateWorkload.
type WorkloadOutput struct {
	Workload WorkloadSummary
}

// CreateWorkloadOutput is CreateWorkload's body.
type CreateWorkloadOutput struct {
	WorkloadId int64 //nolint:revive // AWS API field name
	Workload   WorkloadSummary
}

// ListLensReviewsOutput is ListLensReviews' body.
type ListLensReviewsOutput struct {
	WorkloadId          int64 //nolint:revive // AWS API field name
	MilestoneNumber     int   `json:",omitempty"`
	LensReviewSummaries []LensSummary
}

// LensReviewOutput is GetLensReview's body.
type LensReviewOutput struct {
	WorkloadId      int64 //nolint:revive // AWS API field name
	MilestoneNumber int   `json:",omitempty"`
	LensReview      LensSummary
}

// ListAnswersOutput is ListAnswers' body.
type ListAnswersOutput struct {
	WorkloadId      int64 //nolint:revive // AWS API field name
	LensAlias       string
	MilestoneNumber int `json:",omitempty"`
	AnswerSummaries []Answer
	NextToken       string `json:",omitempty"`
}

// AnswerOutput is the body of GetAnswer and UpdateAnswer.
type AnswerOutput struct {
	WorkloadId      int64 //nolint:revive // AWS API field name
	LensAlias       string
	MilestoneNumber int `json:",omitempty"`
	Answer          Answer
}

// ListImprovementsOutput is ListLensReviewImprovements' body.
type ListImprovementsOutput struct {
	WorkloadId           int64 //nolint:revive // AWS API field name
	LensAlias            string
	MilestoneNumber      int `json:",omitempty"`
	ImprovementSummaries []PlanItem
	NextToken            string `json:",omitempty"`
}

// CreateMilestoneOutput is CreateMilestone's body.
type CreateMilestoneOutput struct {
	WorkloadId      int64 //nolint:revive // AWS API field name
	MilestoneNumber int
}

// ListMilestonesOutput is ListMilestones' body.
type ListMilestonesOutput struct {
	WorkloadId         int64 //nolint:revive // AWS API field name
	MilestoneSummaries []Milestone
	NextToken          string `json:",omitempty"`
}

// MilestoneOutput is GetMilestone's body: the milestone and the workload
// as it was recorded, with its risk roll-up.
type MilestoneOutput struct {
	WorkloadId int64 //nolint:revive // AWS API field name
	Milestone  Milestone
	Workload   WorkloadSummary
}

// ShareSummary is one share of a workload; ShareId is the user's ID.
type ShareSummary struct {
	ShareId        string //nolint:revive // AWS API field name
	SharedWith     string
	PermissionType opslens.Role
	SharedBy       string `json:",omitempty"`
	CreatedAt      time.Time
}

// ShareOf shapes a share.
func ShareOf(s opslens.Share) ShareSummary {
	return ShareSummary{ShareId: s.ShareID(), SharedWith: s.SharedWith, PermissionType: s.PermissionType, SharedBy: s.SharedBy, CreatedAt: s.CreatedAt}
}

// ListSharesOutput is ListWorkloadShares' body.
type ListSharesOutput struct {
	WorkloadId             int64 //nolint:revive // AWS API field name
	WorkloadShareSummaries []ShareSummary
	NextToken              string `json:",omitempty"`
}

// ShareOutput is the body of CreateWorkloadShare and UpdateWorkloadShare.
type ShareOutput struct {
	WorkloadId int64 //nolint:revive // AWS API field name
	ShareId    string
	Share      ShareSummary
}

// HistoryOutput is the body of the audit log operations, newest first.
type HistoryOutput struct {
	AuditEvents []opslens.AuditEvent
	NextToken   string `json:",omitempty"`
}

// LensInfo is one available lens (the AWS API's LensSummary).
type LensInfo struct {
	LensAlias   string
	LensName    string
	LensVersion string
	LensType    string // BUILTIN or CUSTOM
	Questions   int
	Choices     int
	ImportedAt  *time.Time `json:",omitempty"`
}

// LensInfoOf shapes a lens of the catalogue.
func LensInfoOf(in review.LensInfo) LensInfo {
	r := LensInfo{LensAlias: in.Alias, LensName: in.Name, LensVersion: in.Version, LensType: "CUSTOM", Questions: in.Questions, Choices: in.Choices}
	if in.Builtin {
		r.LensType = "BUILTIN"
	} else {
		t := in.Imported
		r.ImportedAt = &t
	}
	return r
}

// ListLensesOutput is ListLenses' body.
type ListLensesOutput struct {
	LensSummaries []LensInfo
	NextToken     string `json:",omitempty"`
}

// ImportLensOutput is ImportLens' body.
type ImportLensOutput struct {
	LensAlias string
	LensName  string
}

// ListTokensOutput is ListTokens' body; secrets are never listed.
type ListTokensOutput struct {
	Tokens []*opslens.Token
}

// CreateTokenOutput is CreateToken's body: the only time the secret is
// shown.
type CreateTokenOutput struct {
	Token  *opslens.Token
	Secret string
}

// ListUsersOutput is ListUsers' body.
type ListUsersOutput struct {
	Users     []*opslens.User
	NextToken string `json:",omitempty"`
}

// UserOutput is the body of CreateUser and UpdateUser.
type UserOutput struct {
	User *opslens.User
}

// Status is the body of the health checks.
type Status struct {
	Status  string
	Version string `json:",omitempty"`
}

// ListTemplatesOutput is ListTemplates' body.
type ListTemplatesOutput struct {
	Templates []opslens.Template
}

// TemplateOutput is CreateTemplate's body.
type TemplateOutput struct {
	Template opslens.Template
}
