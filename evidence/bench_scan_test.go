//go:build linux

package evidence

import (
	"context"
	"os"
	"os/exec"
	"path"
	"sort"
	"syscall"
	"testing"
	"time"
)

// The benchmarks below measure a scan and the history read of a large
// repository against what git itself takes for the same work, side by side
// in one run. They need a repository: OPSLENS_BENCH_REPO names one (bench/scan
// generates it with bench/genrepo), and without it they are skipped so that
// `go test ./...` stays fast. Ratios are the claim; absolute times depend on
// the machine and its load.

func benchRepo(b *testing.B) string {
	repo := os.Getenv("OPSLENS_BENCH_REPO")
	if repo == "" {
		b.Skip("set OPSLENS_BENCH_REPO to a repository (bench/scan makes one)")
	}
	return repo
}

// benchShell runs a shell pipeline in the repository, output discarded.
func benchShell(b *testing.B, repo, script string) {
	cmd := exec.Command("sh", "-c", script)
	cmd.Dir = repo
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%s: %v\n%s", script, err, out)
	}
}

func benchScan(b *testing.B, repo string) {
	if _, err := Scan(context.Background(), []string{repo}, Options{}); err != nil {
		b.Fatal(err)
	}
}

// benchParseFloor parses every YAML, JSON, Terraform and Markdown file of
// the workload once with the parsers the detectors use, in parallel, and
// does nothing with the result: the floor for a scanner that must parse
// these formats (the issue asks for HCL parsed, not grepped), as reading
// every file is the floor for one that reads them.
func benchParseFloor(b *testing.B, repo string) {
	t, err := OpenTree(context.Background(), repo)
	if err != nil {
		b.Fatal(err)
	}
	defer t.Close()
	inParallel(t.Files(), func(p string) bool {
		var parse func(string, []byte) (any, error)
		switch path.Ext(p) {
		case ".yaml", ".yml", ".json":
			parse = parseYAML
		case ".tf":
			parse = parseHCL
		case ".md":
			parse = func(p string, data []byte) (any, error) { return buildMarkdownDoc(p, data), nil }
		default:
			return false
		}
		if data, err := t.Read(p); err == nil {
			_, _ = parse(p, data)
		}
		return true
	})
}

// withoutHistory runs f with the git-history detector unregistered, to
// tell the cost of reading files from the cost of reading history.
func withoutHistory(f func()) {
	saved := detectors
	defer func() { detectors = saved }()
	var rest []Detector
	for _, d := range saved {
		if d.Name != "git-history" {
			rest = append(rest, d)
		}
	}
	detectors = rest
	f()
}

const (
	catEveryFile = "git ls-files -z | xargs -0 cat >/dev/null"
	lsFiles      = "git ls-files >/dev/null"
)

// BenchmarkScanRepo: a whole scan against reading every tracked file once
// (the floor for a scanner that reads everything) and against listing the
// files. Each sub-benchmark alone is for peak-RSS runs (bench/scan);
// side-by-side interleaves them so that load from elsewhere hits all alike.
func BenchmarkScanRepo(b *testing.B) {
	repo := benchRepo(b)
	b.Run("scan", func(b *testing.B) {
		for b.Loop() {
			benchScan(b, repo)
		}
		reportSelfRSS(b)
	})
	b.Run("scan-without-history", func(b *testing.B) {
		withoutHistory(func() {
			for b.Loop() {
				benchScan(b, repo)
			}
		})
		reportSelfRSS(b)
	})
	b.Run("cat-every-file", func(b *testing.B) {
		for b.Loop() {
			benchShell(b, repo, catEveryFile)
		}
	})
	b.Run("ls-files", func(b *testing.B) {
		for b.Loop() {
			benchShell(b, repo, lsFiles)
		}
	})
	b.Run("side-by-side", func(b *testing.B) {
		steps := []func(){
			func() { benchScan(b, repo) },
			func() { withoutHistory(func() { benchScan(b, repo) }) },
			func() { benchShell(b, repo, catEveryFile) },
			func() { benchShell(b, repo, lsFiles) },
			func() { benchParseFloor(b, repo) },
		}
		reportCosts(b, []string{"scan", "scan-files", "cat", "ls-files", "parse"}, interleave(b, steps),
			[][2]int{{0, 2}, {1, 2}, {0, 3}, {1, 3}, {1, 4}})
	})
}

// BenchmarkHistoryRepo: the history figures against `git log --numstat`
// over the same range (the window up to the newest commit).
func BenchmarkHistoryRepo(b *testing.B) {
	repo := benchRepo(b)
	ctx := context.Background()
	h, err := readHistory(ctx, repo, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	since, err := time.Parse(time.RFC3339, h.WindowStart)
	if err != nil {
		b.Fatal(err)
	}
	gitLog := "git log --numstat --since=" + since.Format(time.RFC3339) + " HEAD >/dev/null"
	b.Logf("window %s .. %s: %d commits, %d non-merge", h.WindowStart, h.NewestCommitDate, h.Commits, h.NonMergeCommits)
	history := func() {
		if _, err := readHistory(ctx, repo, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("history", func(b *testing.B) {
		for b.Loop() {
			history()
		}
		reportSelfRSS(b)
	})
	b.Run("git-log-numstat", func(b *testing.B) {
		for b.Loop() {
			benchShell(b, repo, gitLog)
		}
	})
	b.Run("side-by-side", func(b *testing.B) {
		c := interleave(b, []func(){history, func() { benchShell(b, repo, gitLog) }})
		reportCosts(b, []string{"history", "git-log"}, c, [][2]int{{0, 1}})
	})
}

// cost is what one step took: wall-clock time, and CPU time of this
// process and its children (git, sh, cat), which load from other processes
// on a shared machine disturbs far less than wall-clock time.
type cost struct{ wall, cpu time.Duration }

// interleave runs each step once untimed (to warm the page cache), then
// once per iteration in turn, and returns each step's median wall time and
// mean CPU time.
func interleave(b *testing.B, steps []func()) []cost {
	for _, s := range steps {
		s()
	}
	walls := make([][]time.Duration, len(steps))
	cpus := make([]time.Duration, len(steps))
	for b.Loop() {
		for i, s := range steps {
			c0, start := cpuTime(), time.Now()
			s()
			walls[i] = append(walls[i], time.Since(start))
			cpus[i] += cpuTime() - c0
		}
	}
	out := make([]cost, len(steps))
	for i := range steps {
		w := walls[i]
		sort.Slice(w, func(a, b int) bool { return w[a] < w[b] })
		if len(w) > 0 {
			out[i] = cost{wall: w[len(w)/2], cpu: cpus[i] / time.Duration(len(w))}
		}
	}
	return out
}

// cpuTime is the user and system time of this process and of its children
// that have been waited for.
func cpuTime() time.Duration {
	var total time.Duration
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if syscall.Getrusage(who, &ru) == nil {
			total += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
	}
	return total
}

// reportCosts reports each step's times and the ratios of the first steps
// to the baselines, both by wall time and by CPU time.
func reportCosts(b *testing.B, names []string, c []cost, ratios [][2]int) {
	for i, n := range names {
		b.ReportMetric(ms(c[i].wall), n+"-ms")
		b.ReportMetric(ms(c[i].cpu), n+"-cpu-ms")
	}
	for _, r := range ratios {
		n := names[r[0]] + "/" + names[r[1]]
		b.ReportMetric(float64(c[r[0]].wall)/float64(c[r[1]].wall), n)
		b.ReportMetric(float64(c[r[0]].cpu)/float64(c[r[1]].cpu), n+"-cpu")
	}
}

// reportSelfRSS reports this process's peak RSS (its git children not
// included), in KiB as Linux counts it. It is the peak of the whole process so far: bench/scan runs
// each sub-benchmark in a process of its own to read it.
func reportSelfRSS(b *testing.B) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss), "peak-rss-KiB")
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
