package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/account"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

// adminName and adminPassword sign in to the dashboard; the load users
// only have API tokens.
const (
	adminName     = "bench-admin"
	adminPassword = "bench-admin-password"
)

// fixture is what the load needs to know about the seeded database.
type fixture struct {
	users     []loadUser
	questions []question // of the built-in lens, the one every workload applies
	lensAlias string
}

// loadUser is one of the concurrent users: an API token and the workloads
// it owns, so no two users write the same answer.
type loadUser struct {
	name      string
	token     string
	workloads []int64
}

type question struct {
	id      string
	choices []string // practices, without "None of these"
}

// practices lists the lens's questions with the choices a load user picks
// from. "None of these" is left out: selecting it with practices is
// refused, and the load measures accepted writes.
func practices(l *lens.Lens) []question {
	var out []question
	for _, ref := range l.Questions() {
		q := question{id: ref.Question.ID}
		for _, c := range ref.Question.Choices {
			if !c.IsNone() {
				q.choices = append(q.choices, c.ID)
			}
		}
		out = append(out, q)
	}
	return out
}

// pick returns a random subset of choices, in lens order.
func pick(rng *rand.Rand, choices []string) []string {
	out := []string{}
	for _, c := range choices {
		if rng.IntN(2) == 0 {
			out = append(out, c)
		}
	}
	return out
}

// seed fills an empty database: one administrator, `users` users, and
// `workloads` workloads owned round-robin by them, each with every
// question answered. The same seed gives the same database. It goes
// through the review and account services, as the server does, one
// transaction per workload and one per lens review.
func seed(ctx context.Context, path string, users, workloads int, seedValue uint64) error {
	db, err := openStore(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	svc, err := review.NewService(db)
	if err != nil {
		return err
	}
	acc := account.New(db)
	if _, err := acc.CreateUser(ctx, adminName, adminPassword, true); err != nil {
		return fmt.Errorf("create administrator: %w", err)
	}
	owners := make([]*opslens.User, users)
	for i := range owners {
		if owners[i], err = acc.CreateUser(ctx, userName(i), "", false); err != nil {
			return fmt.Errorf("create user: %w", err)
		}
	}
	l, err := svc.Lens(ctx, review.DefaultLens)
	if err != nil {
		return err
	}
	qs := practices(l)
	rng := rand.New(rand.NewPCG(seedValue, 1))
	start := time.Now()
	for i := range workloads {
		u := owners[i%users]
		uctx := opslens.WithActor(ctx, opslens.Actor{Name: u.Name, UserID: u.ID})
		answers := make([]opslens.Answer, len(qs))
		for j, q := range qs {
			answers[j] = opslens.Answer{QuestionID: q.id, IsApplicable: true}
			for _, c := range pick(rng, q.choices) {
				answers[j].Choices = append(answers[j].Choices, opslens.ChoiceAnswer{ChoiceID: c, Status: opslens.ChoiceSelected})
			}
		}
		facts := opslens.Workload{Name: fmt.Sprintf("workload-%05d", i), Environment: []opslens.Environment{"PRODUCTION", "PREPRODUCTION"}[i%2],
			Owner: u.Name, Description: "seeded by bench/serveload"}
		if _, _, err := svc.ImportReview(uctx, facts, review.DefaultLens, answers); err != nil {
			return fmt.Errorf("workload %d: %w", i, err)
		}
		if (i+1)%2000 == 0 {
			logf("seeded %d workloads in %s", i+1, time.Since(start).Round(time.Millisecond))
		}
	}
	return nil
}

func userName(i int) string { return fmt.Sprintf("load-user-%03d", i) }

// loadFixture gives each load user a fresh API token and lists its
// workloads. Tokens are made per run (only their hashes are stored), so a
// seeded database can be copied and reused.
func loadFixture(ctx context.Context, path string, users int) (*fixture, error) {
	db, err := openStore(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	svc, err := review.NewService(db)
	if err != nil {
		return nil, err
	}
	acc := account.New(db)
	l, err := svc.Lens(ctx, review.DefaultLens)
	if err != nil {
		return nil, err
	}
	fx := &fixture{questions: practices(l), lensAlias: review.DefaultLens}
	byOwner := map[string]int{}
	for i := range users {
		u, err := acc.User(ctx, userName(i))
		if err != nil {
			return nil, err
		}
		_, secret, err := acc.CreateToken(ctx, u.ID, "bench", time.Hour)
		if err != nil {
			return nil, err
		}
		byOwner[u.Name] = i
		fx.users = append(fx.users, loadUser{name: u.Name, token: secret})
	}
	ws, err := svc.Workloads(ctx)
	if err != nil {
		return nil, err
	}
	for _, w := range ws {
		if i, ok := byOwner[w.Owner]; ok {
			fx.users[i].workloads = append(fx.users[i].workloads, w.ID)
		}
	}
	for _, u := range fx.users {
		if len(u.workloads) == 0 {
			return nil, fmt.Errorf("user %s owns no workload: is %s a database seeded by bench/serveload?", u.name, path)
		}
	}
	return fx, nil
}
