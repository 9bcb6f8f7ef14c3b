package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/jobs"
)

func (a *app) webhookCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "webhook",
		Short: "Send events (milestones, new high risks, stale reviews) to a URL",
		Long: `Register URLs that receive events as JSON POSTs signed with HMAC-SHA256
(header X-Opslens-Signature: sha256=<hex of the body's HMAC under the
webhook's secret>): milestone.recorded, risk.high_introduced (a question
newly at high risk) and review.stale (no milestone for 90 days). Each event
also carries a "text" sentence, so Slack and Microsoft Teams incoming
webhooks show it as is. Deliveries are background jobs: a running
'opslens serve' or 'opslens worker' sends them, retrying a failed one with
a doubling wait for about an hour.`,
	}
	cmd.AddCommand(a.webhookAddCmd(), a.webhookListCmd(), a.webhookRemoveCmd())
	return cmd
}

func (a *app) webhookAddCmd() *cobra.Command {
	var events []string
	var secret string
	cmd := &cobra.Command{
		Use:     "add <url>",
		Short:   "Register a webhook; prints its secret once",
		Example: `  opslens webhook add https://hooks.slack.com/services/… --events milestone.recorded,risk.high_introduced`,
		Args:    args("url"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			if _, err := a.service(cmd.Context()); err != nil {
				return err
			}
			generated := secret == ""
			if generated {
				b := make([]byte, 24)
				rand.Read(b)
				secret = hex.EncodeToString(b)
			}
			h := &opslens.Webhook{URL: argv[0], Secret: secret, Events: events}
			if err := a.db.CreateWebhook(cmd.Context(), h); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Webhook %d sends %s to %s.\n", h.ID, strings.Join(h.Events, ", "), h.URL)
			if generated {
				fmt.Fprintf(a.out, "Its signing secret (shown once): %s\n", secret)
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&events, "events", opslens.WebhookEvents, "events to send: "+strings.Join(opslens.WebhookEvents, ", "))
	cmd.Flags().StringVar(&secret, "secret", "", "the signing secret, 16 characters or more (default: a new random one)")
	return cmd
}

func (a *app) webhookListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the webhooks (without their secrets)",
		Args:  args(),
		RunE: func(cmd *cobra.Command, argv []string) error {
			if _, err := a.service(cmd.Context()); err != nil {
				return err
			}
			hooks, err := a.db.Webhooks(cmd.Context())
			if err != nil {
				return err
			}
			if a.jsonOut() {
				if hooks == nil {
					hooks = []opslens.Webhook{}
				}
				return a.printJSON(hooks)
			}
			tw := newTable(a.out)
			fmt.Fprintln(tw, "ID\tURL\tEVENTS\tCREATED")
			for _, h := range hooks {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", h.ID, h.URL, strings.Join(h.Events, ","), h.CreatedAt.Format(time.DateOnly))
			}
			return tw.Flush()
		},
	}
}

func (a *app) webhookRemoveCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "remove <id>",
		Short: "Stop sending events to a webhook",
		Args:  args("id"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			id, err := strconv.ParseInt(argv[0], 10, 64)
			if err != nil {
				return usageError{fmt.Errorf("webhook ID %q: give the number 'opslens webhook list' shows", argv[0])}
			}
			if _, err := a.service(cmd.Context()); err != nil {
				return err
			}
			if err := a.db.DeleteWebhook(cmd.Context(), id); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Removed webhook %d.\n", id)
			return nil
		},
	}
}

// cliEvents queues the events of CLI commands for a server's workers to
// deliver. It opens the job queue only when an event comes and a webhook
// wants it, so commands on a database without webhooks pay nothing.
type cliEvents struct {
	a    *app
	once sync.Once
	q    *jobs.Queue
	err  error
}

func (e *cliEvents) Publish(ctx context.Context, ev opslens.Event) {
	hooks, err := e.a.db.Webhooks(ctx)
	if err != nil || !wanted(hooks, ev.Type) {
		return
	}
	e.once.Do(func() { e.q, e.err = jobs.Open(ctx, e.a.db, e.a.svc, jobs.Config{Version: versionString()}) })
	if e.err != nil {
		fmt.Fprintf(e.a.err, "opslens: could not queue the %s event for webhooks: %v\n", ev.Type, e.err)
		return
	}
	e.q.Publish(ctx, ev)
}

func (e *cliEvents) close() {
	if e.q != nil {
		e.q.Stop(context.Background())
	}
}

func wanted(hooks []opslens.Webhook, event string) bool {
	for i := range hooks {
		if hooks[i].Wants(event) {
			return true
		}
	}
	return false
}
