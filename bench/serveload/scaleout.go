package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/internal/pgtest"
	"github.com/opslens/opslens/postgres"
	"github.com/opslens/opslens/sqlite"
)

// openStore opens a seeded database by its --db value, either store.
func openStore(ctx context.Context, dsn string) (opslens.Store, error) {
	if postgres.IsURL(dsn) {
		return postgres.Open(ctx, dsn)
	}
	return sqlite.Open(ctx, dsn)
}

// setup is one configuration of the scale-out comparison.
type setup struct {
	name     string
	postgres bool
	replicas int
}

// stepResult is the update load at one rate on one setup.
type stepResult struct {
	rate int
	res  attackResult
}

// scaleOut compares one SQLite server with one and three replicas on one
// PostgreSQL server, on the same seeded data and the same load: answer
// updates at rising rates (the highest rate served with p99 under the
// goal and no error is the setup's throughput), then the dashboard. Every
// process shares this machine's cores, the load generator included.
func scaleOut(ctx context.Context, c config, seeded string, out io.Writer) error {
	pg, err := pgtest.StartBench()
	if err != nil {
		return fmt.Errorf("start PostgreSQL: %w", err)
	}
	defer pg.Stop()
	setups := []setup{{"SQLite, 1 server", false, 1}, {"PostgreSQL, 1 replica", true, 1}, {"PostgreSQL, 3 replicas", true, 3}}
	best := map[string]stepResult{}
	allOK := true
	for i, su := range setups {
		dsn, err := c.prepareSetup(ctx, pg, seeded, su, i)
		if err != nil {
			return err
		}
		b, ok, err := c.runSetup(ctx, su, dsn, out)
		if err != nil {
			return err
		}
		best[su.name], allOK = b, allOK && ok
	}
	fmt.Fprintf(out, "\nanswer updates sustained with p99 < %s and no error:\n", c.p99Goal)
	for _, su := range setups {
		b := best[su.name]
		fmt.Fprintf(out, "  %-24s %5d/s  (p99 %s)\n", su.name, b.rate, ms(b.res.metrics.Latencies.P99))
	}
	base, top := best[setups[0].name].rate, best[setups[2].name].rate
	if base > 0 {
		verdict := "MISSED"
		if float64(top) >= 2*float64(base) {
			verdict = "met"
		}
		fmt.Fprintf(out, "goal: 3 PostgreSQL replicas >= 2x one SQLite server: %.2fx: %s\n", float64(top)/float64(base), verdict)
	}
	if !allOK {
		return errLost
	}
	return nil
}

// prepareSetup gives a setup its own copy of the seeded database: a file
// copy for SQLite, `opslens db migrate-from` into a new PostgreSQL
// database for the others.
func (c config) prepareSetup(ctx context.Context, pg *pgtest.Server, seeded string, su setup, i int) (string, error) {
	if !su.postgres {
		db := filepath.Join(c.dir, fmt.Sprintf("setup-%d.db", i))
		return db, copyFile(seeded, db)
	}
	url, err := pg.CreateDatabase(ctx, fmt.Sprintf("bench_%d_%d", os.Getpid(), i))
	if err != nil {
		return "", err
	}
	start := time.Now()
	cmd := exec.CommandContext(ctx, c.bin, "db", "migrate-from", seeded, "--to", url)
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("copy the seeded database into PostgreSQL: %v\n%s", err, b)
	}
	logf("copied the seeded database into PostgreSQL in %s", time.Since(start).Round(time.Millisecond))
	if c.pool > 0 {
		url += fmt.Sprintf("&pool_max_conns=%d", c.pool)
	}
	return url, nil
}

// runSetup starts the setup's servers, steps the update rate up until
// the latency goal breaks, measures the dashboard, and checks that every
// acknowledged update is stored.
func (c config) runSetup(ctx context.Context, su setup, dsn string, out io.Writer) (stepResult, bool, error) {
	fx, err := loadFixture(ctx, dsn, c.users)
	if err != nil {
		return stepResult{}, false, err
	}
	var servers []*server
	var urls []string
	for r := range su.replicas {
		s, err := startServer(ctx, c.bin, dsn, filepath.Join(c.dir, fmt.Sprintf("%s-%d.log", strings.Fields(su.name)[0], r)), "--scan-workers", "0")
		if err != nil {
			return stepResult{}, false, err
		}
		defer s.kill()
		servers, urls = append(servers, s), append(urls, s.url)
	}
	fmt.Fprintf(out, "\n== %s\n", su.name)
	lg := newLedger()
	tr := updateTargeter(urls, fx, lg, c.seed)
	attack("warm-up", tr, c.users, 500, 2*time.Second, lg.record, nil)
	var best stepResult
	misses := 0
	for _, rate := range c.steps {
		before := sampleCPU(servers)
		res := attack(fmt.Sprintf("UpdateAnswer at %d/s", rate), tr, c.users, rate, c.stepDuration, lg.record, nil)
		fmt.Fprintln(out, res)
		fmt.Fprintln(out, sampleCPU(servers).perUpdate(before, res.metrics.Requests))
		m := res.metrics
		if m.Success == 1 && m.Latencies.P99 < c.p99Goal && m.Throughput >= 0.97*float64(rate) {
			best, misses = stepResult{rate, res}, 0
			continue
		}
		if misses++; misses == 2 {
			break
		}
	}
	if !c.noDashboard {
		cookie, err := signIn(urls[0])
		if err != nil {
			return best, false, err
		}
		views, err := measureViews(dashboardViews(urls[0], cookie, fx.users[0].token), c.users, c.sequential, c.dashDuration)
		if err != nil {
			return best, false, err
		}
		for _, v := range views {
			fmt.Fprintln(out, v)
		}
	}
	for _, s := range servers {
		if err := s.stop(); err != nil {
			return best, false, fmt.Errorf("graceful stop: %w", err)
		}
	}
	rep, err := verify(ctx, dsn, lg)
	if err != nil {
		return best, false, err
	}
	fmt.Fprintf(out, "  acknowledged writes %d (to %d answers), lost or wrong %d\n", rep.acked, rep.answers, len(rep.problems))
	for i, p := range rep.problems {
		if i == 10 {
			break
		}
		fmt.Fprintln(out, "    "+p)
	}
	return best, len(rep.problems) == 0, nil
}
