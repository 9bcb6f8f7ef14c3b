package api

import "github.com/opslens/opslens"

// The request bodies of the HTTP API. Field names follow the AWS
// Well-Architected API; optional fields of updates are pointers, so a
// field left out is left alone. Bodies are decoded strictly: an unknown
// field is an error that names it.

// CreateWorkloadInput is CreateWorkload's body.
type CreateWorkloadInput struct {
	WorkloadName        string
	Description         string
	Environment         string
	Owner               string
	ReviewOwner         string
	Locations           []string
	ArchitecturalDesign string
	Industry            string
	IndustryType        string
	Tags                map[string]string
	Notes               string
	PillarPriorities    []string
	Lenses              []string
	// TemplateName starts the review with a template's answers.
	TemplateName string `json:",omitempty"`
	// Profile is the business context (question=answer), which orders
	// the improvement plan.
	Profile map[string]string `json:",omitempty"`
}

// UpdateWorkloadInput is UpdateWorkload's body. ClientVersion (or the
// If-Match header) is the version the client read.
type UpdateWorkloadInput struct {
	WorkloadName        *string
	Description         *string
	Environment         *string
	Owner               *string
	ReviewOwner         *string
	Locations           *[]string
	ArchitecturalDesign *string
	Industry            *string
	IndustryType        *string
	Tags                *map[string]string
	Notes               *string
	PillarPriorities    *[]string
	Profile             *map[string]string
	Lenses              *[]string
	ClientVersion       *int64
}

// ChoiceUpdate is one choice's new state in UpdateAnswer (AWS
// ChoiceUpdate). Status may be left out to change only the notes.
type ChoiceUpdate struct {
	Status opslens.ChoiceStatus
	Reason opslens.Reason
	Notes  *string
}

// UpdateAnswerInput is UpdateAnswer's body. SelectedChoices replaces the
// selection, as in AWS; choices marked not applicable stay so.
type UpdateAnswerInput struct {
	SelectedChoices *[]string
	ChoiceUpdates   map[string]ChoiceUpdate
	Notes           *string
	IsApplicable    *bool
	Reason          opslens.Reason
	ClientVersion   *int64
}

// CreateMilestoneInput is CreateMilestone's body.
type CreateMilestoneInput struct {
	MilestoneName string
}

// CreateShareInput is CreateWorkloadShare's body: the user name and the
// role (OWNER, CONTRIBUTOR or READONLY).
type CreateShareInput struct {
	SharedWith     string
	PermissionType string
}

// UpdateShareInput is UpdateWorkloadShare's body.
type UpdateShareInput struct {
	PermissionType string
}

// ImportLensInput is ImportLens' body: the lens document as a JSON string
// (as in AWS), an alias (default: from the document), and whether to
// overwrite an unused custom lens of that alias.
type ImportLensInput struct {
	JSONString string
	LensAlias  string
	Replace    bool
}

// CreateTokenInput is CreateToken's body; ExpiresInDays 0 never expires.
type CreateTokenInput struct {
	Name          string
	ExpiresInDays int
}

// CreateUserInput is CreateUser's body. An empty password makes a user
// who can use only tokens until one is set.
type CreateUserInput struct {
	UserName string
	Password string
	Admin    bool
}

// UpdateUserInput is UpdateUser's body.
type UpdateUserInput struct {
	Password      *string
	Admin         *bool
	ClientVersion *int64
}

// CreateTemplateInput is CreateTemplate's body: the answers of a workload
// (to some questions, or every answered one) become a template.
type CreateTemplateInput struct {
	TemplateName   string
	Description    string
	FromWorkloadId int64    //nolint:revive // API field name
	QuestionIds    []string //nolint:revive // API field name
}
