package opslens

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// Events opslens sends to webhooks.
const (
	EventMilestoneRecorded = "milestone.recorded"
	EventHighRisk          = "risk.high_introduced"
	EventReviewStale       = "review.stale"
)

// WebhookEvents lists every event, for validation and help.
var WebhookEvents = []string{EventMilestoneRecorded, EventHighRisk, EventReviewStale}

// Webhook is a URL that receives events as signed JSON POSTs.
type Webhook struct {
	ID  int64  `json:"WebhookId"`
	URL string `json:"Url"`
	// Secret keys the HMAC-SHA256 signature of every delivery; it is
	// shown once, when the webhook is made.
	Secret    string    `json:"-"`
	Events    []string  `json:"Events"`
	CreatedAt time.Time `json:"CreatedAt"`
}

// Validate checks a webhook before it is stored.
func (h *Webhook) Validate() error {
	u, err := url.Parse(h.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return Errorf(EINVALID, "webhook URL %q must be an http(s) URL", h.URL)
	}
	if len(h.Secret) < 16 {
		return Errorf(EINVALID, "a webhook secret must be at least 16 characters")
	}
	if len(h.Events) == 0 {
		return Errorf(EINVALID, "a webhook needs at least one event: %s", strings.Join(WebhookEvents, ", "))
	}
	for _, e := range h.Events {
		if !slices.Contains(WebhookEvents, e) {
			return Errorf(EINVALID, "unknown webhook event %q: use %s", e, strings.Join(WebhookEvents, ", "))
		}
	}
	return nil
}

// Wants reports whether the webhook subscribes to an event.
func (h *Webhook) Wants(event string) bool { return slices.Contains(h.Events, event) }

// Event is what happened, as a webhook receives it.
type Event struct {
	Type       string    `json:"Event"`
	At         time.Time `json:"At"`
	WorkloadID int64     `json:"WorkloadId"`
	Workload   string    `json:"WorkloadName"`
	// Details depend on the event: the milestone's number and name, the
	// question now at high risk, the days since the last milestone.
	Details map[string]any `json:"Details,omitempty"`
	// Text is one sentence for chat tools (Slack and Teams incoming
	// webhooks show it).
	Text string `json:"text"`
}

// AuditWebhook actions.
const (
	AuditWebhookAdd = "webhook.add"
	AuditWebhookDel = "webhook.delete"
)
