// Command serveload measures `opslens serve` under the load of a team
// (issue 7): 100 concurrent users updating answers at 1,000 requests/s,
// and the portfolio dashboard of 10,000 workloads; then it kills the
// server with SIGKILL in the middle of the update load and checks that
// no acknowledged answer is lost and the database is intact.
//
// It talks to 127.0.0.1 only and every phase is bounded in time. The
// server runs as its own process (the binary given with -bin) so its
// figures are those of a real deployment, on the same cores as this load
// generator. bench/serve builds the binary and runs this program.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

type config struct {
	bin, dir, cache           string
	workloads, users          int
	seed                      uint64
	rate                      int
	duration, dashDuration    time.Duration
	sequential                int
	killAfter, killLoadLength time.Duration
	noDashboard               bool
	// The scale-out comparison (-scaleout): answer-update rates tried one
	// after the other, each for stepDuration, and the latency goal.
	scaleout     bool
	steps        []int
	stepDuration time.Duration
	p99Goal      time.Duration
	pool         int // PostgreSQL connections per replica (0: the store's default)
	seedOnly     bool
}

func main() {
	var c config
	flag.StringVar(&c.bin, "bin", "", "the opslens binary to measure (required)")
	flag.StringVar(&c.dir, "dir", "", "working directory for the database and logs (default: a new temporary one)")
	flag.StringVar(&c.cache, "cache", filepath.Join(os.TempDir(), "opslens-bench"), "where seeded databases are kept for reuse")
	flag.IntVar(&c.workloads, "workloads", 10000, "workloads in the database")
	flag.IntVar(&c.users, "users", 100, "concurrent users")
	flag.Uint64Var(&c.seed, "seed", 1, "seed of the database and of the load")
	flag.IntVar(&c.rate, "rate", 1000, "answer updates per second")
	flag.DurationVar(&c.duration, "duration", 20*time.Second, "length of the answer-update load")
	flag.DurationVar(&c.dashDuration, "dashboard-duration", 10*time.Second, "length of each concurrent dashboard load")
	flag.IntVar(&c.sequential, "sequential", 5, "seconds of one-user-at-a-time dashboard views")
	flag.DurationVar(&c.killAfter, "kill-after", 3*time.Second, "SIGKILL the server this long into the kill phase's load (0: no kill phase)")
	flag.DurationVar(&c.killLoadLength, "kill-load", 6*time.Second, "length of the kill phase's load")
	flag.BoolVar(&c.noDashboard, "no-dashboard", false, "skip the dashboard views (to profile the updates alone)")
	flag.BoolVar(&c.scaleout, "scaleout", false, "compare SQLite with 1 and 3 replicas on PostgreSQL (issue 8) instead")
	steps := flag.String("steps", "250,500,750,1000,1250,1500,2000,2500,3000", "with -scaleout: update rates to try, per second")
	flag.DurationVar(&c.stepDuration, "step", 5*time.Second, "with -scaleout: length of each rate's load")
	flag.DurationVar(&c.p99Goal, "p99", 50*time.Millisecond, "with -scaleout: the p99 a rate must stay under")
	flag.BoolVar(&c.seedOnly, "seed-only", false, "make (or find) the seeded database, print its path and stop")
	flag.IntVar(&c.pool, "pool", 0, "with -scaleout: PostgreSQL connections per replica (default: the store's)")
	flag.Parse()
	for _, f := range strings.Split(*steps, ",") {
		var n int
		if _, err := fmt.Sscan(f, &n); err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "serveload: -steps: %q is not a rate\n", f)
			os.Exit(2)
		}
		c.steps = append(c.steps, n)
	}
	if c.bin == "" {
		fmt.Fprintln(os.Stderr, "serveload: -bin is required (bench/serve builds it)")
		os.Exit(2)
	}
	if err := run(context.Background(), c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "serveload:", err)
		os.Exit(1)
	}
}

// loadAverage reads the 1, 5 and 15 minute load averages (Linux).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "serveload: "+format+"\n", args...)
}

// errLost fails the run: the figures do not matter when writes are lost.
var errLost = errors.New("acknowledged writes were lost or the database is damaged")

func run(ctx context.Context, c config, out io.Writer) error {
	if c.dir == "" {
		d, err := os.MkdirTemp("", "serveload-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		c.dir = d
	}
	db, err := prepareDB(ctx, c)
	if err != nil {
		return err
	}
	if c.seedOnly {
		_, err := fmt.Fprintln(out, db)
		return err
	}
	if c.scaleout {
		fmt.Fprintf(out, "opslens scale-out: %d workloads, %d users, %d cores (%s/%s), %s, load average %s\n",
			c.workloads, c.users, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, time.Now().UTC().Format(time.DateOnly), loadAverage())
		defer func() { fmt.Fprintf(out, "load average at the end: %s\n", loadAverage()) }()
		return scaleOut(ctx, c, db, out)
	}
	fx, err := loadFixture(ctx, db, c.users)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "opslens serve load: %d workloads, %d users, %d cores (%s/%s), GOMAXPROCS %d, %s, load average %s\n",
		c.workloads, c.users, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), time.Now().UTC().Format(time.DateOnly), loadAverage())
	// Other processes on the machine skew every figure: the load average
	// at the end says whether the run had the cores to itself.
	defer func() { fmt.Fprintf(out, "load average at the end: %s\n", loadAverage()) }()
	okUpdates, err := updatesAndDashboard(ctx, c, db, fx, out)
	if err != nil {
		return err
	}
	okKill := true
	if c.killAfter > 0 {
		if okKill, err = killPhase(ctx, c, db, fx, out); err != nil {
			return err
		}
	}
	if !okUpdates || !okKill {
		return errLost
	}
	return nil
}

// updatesAndDashboard runs the answer-update load and the dashboard views
// on one server, stops it gracefully and checks the database.
func updatesAndDashboard(ctx context.Context, c config, db string, fx *fixture, out io.Writer) (bool, error) {
	srv, err := startServer(ctx, c.bin, db, filepath.Join(c.dir, "server.log"))
	if err != nil {
		return false, err
	}
	defer srv.kill()
	lg := newLedger()
	tr := updateTargeter([]string{srv.url}, fx, lg, c.seed)
	// A short warm-up fills the connection pools and the page cache; its
	// writes are checked with the others but not timed.
	attack("warm-up", tr, c.users, c.rate, 2*time.Second, lg.record, nil)
	upd := attack(fmt.Sprintf("UpdateAnswer at %d/s x%d", c.rate, c.users), tr, c.users, c.rate, c.duration, lg.record, nil)
	fmt.Fprintln(out, upd)

	var views []attackResult
	if !c.noDashboard {
		cookie, err := signIn(srv.url)
		if err != nil {
			return false, err
		}
		views, err = measureViews(dashboardViews(srv.url, cookie, fx.users[0].token), c.users, c.sequential, c.dashDuration)
		if err != nil {
			return false, err
		}
	}
	for _, v := range views {
		fmt.Fprintln(out, v)
	}
	if err := srv.stop(); err != nil {
		return false, fmt.Errorf("graceful stop: %w", err)
	}
	fmt.Fprintln(out, "graceful stop: exit 0")
	ok, err := checkDB(ctx, db, lg, out)
	goals(out, upd, views, ok)
	return ok, err
}

// killPhase restarts the server, kills it with SIGKILL in the middle of
// the update load, starts it again on the same file and checks that every
// acknowledged write is there and the file is intact.
func killPhase(ctx context.Context, c config, db string, fx *fixture, out io.Writer) (bool, error) {
	logPath := filepath.Join(c.dir, "server-kill.log")
	srv, err := startServer(ctx, c.bin, db, logPath)
	if err != nil {
		return false, err
	}
	lg := newLedger()
	stop := make(chan struct{})
	go func() {
		time.Sleep(c.killAfter)
		srv.kill()
		// The users keep going a moment against the dead server, as they
		// would; their requests fail and count as unacknowledged.
		time.Sleep(200 * time.Millisecond)
		close(stop)
	}()
	res := attack(fmt.Sprintf("UpdateAnswer, SIGKILL at %s", c.killAfter), updateTargeter([]string{srv.url}, fx, lg, c.seed+1),
		c.users, c.rate, c.killLoadLength, lg.record, stop)
	fmt.Fprintln(out, res)
	again, err := startServer(ctx, c.bin, db, logPath)
	if err != nil {
		return false, fmt.Errorf("restart after SIGKILL: %w", err)
	}
	fmt.Fprintln(out, "restart after SIGKILL: ready")
	if err := again.stop(); err != nil {
		return false, fmt.Errorf("graceful stop after the restart: %w", err)
	}
	return checkDB(ctx, db, lg, out)
}

// checkDB compares the database with the ledger and runs SQLite's
// integrity check, printing both outcomes.
func checkDB(ctx context.Context, db string, lg *ledger, out io.Writer) (bool, error) {
	rep, err := verify(ctx, db, lg)
	if err != nil {
		return false, err
	}
	integrity, err := integrityCheck(ctx, db)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(out, "  acknowledged writes %d (to %d answers), unacknowledged %d, lost or wrong %d; PRAGMA integrity_check: %s\n",
		rep.acked, rep.answers, rep.unacked, len(rep.problems), integrity)
	for i, p := range rep.problems {
		if i == 10 {
			fmt.Fprintf(out, "    ... and %d more\n", len(rep.problems)-10)
			break
		}
		fmt.Fprintln(out, "    "+p)
	}
	return len(rep.problems) == 0 && integrity == "ok", nil
}

// goals prints the goals next to what was measured.
func goals(out io.Writer, upd attackResult, views []attackResult, noLoss bool) {
	m := upd.metrics
	mark := map[bool]string{true: "met", false: "MISSED"}
	fmt.Fprintf(out, "goal: UpdateAnswer p99 < 20ms at the rate, no error, no lost update: p99 %s, errors %d, achieved %.0f/s, no loss %v: %s\n",
		ms(m.Latencies.P99), m.Requests-uint64(float64(m.Requests)*m.Success+0.5), m.Rate, noLoss,
		mark[m.Latencies.P99 < 20*time.Millisecond && m.Success == 1 && noLoss])
	for _, v := range views {
		if v.metrics.Requests > 0 && v.name[len(v.name)-3:] == " x1" {
			fmt.Fprintf(out, "goal: %s < 300ms: p50 %s, p99 %s: %s\n", v.name, ms(v.metrics.Latencies.P50), ms(v.metrics.Latencies.P99),
				mark[v.metrics.Latencies.P99 < 300*time.Millisecond && v.metrics.Success == 1])
		}
	}
}
