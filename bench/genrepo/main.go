// Command genrepo writes a large git repository for the scan and history
// benchmarks (bench/scan): by default 50,000 files of a realistic mix (Go,
// JavaScript and Python services, YAML, Markdown, GitHub Actions workflows,
// Terraform, Kubernetes manifests, JSON, a few large and binary files, a
// vendored tree) and 20,000 commits with fixed dates, topic branches merged
// into main, renames, deletions, large refactors and annotated release tags.
//
// The same flags and seed give the same repository, hashes included. It
// feeds `git fast-import` from one stream instead of running thousands of
// git commands, then checks out main.
//
//	go run ./bench/genrepo -dir /tmp/big -files 50000 -commits 20000 -seed 1
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

func main() {
	dir := flag.String("dir", "", "directory to create the repository in (must not exist or be empty)")
	files := flag.Int("files", 50000, "number of files in the final tree (about)")
	commits := flag.Int("commits", 20000, "number of commits")
	seed := flag.Uint64("seed", 1, "random seed: the same seed gives the same repository")
	end := flag.String("end", "2026-11-20T12:00:00Z", "date of the newest commit (RFC 3339)")
	days := flag.Int("days", 730, "days of history the commits span")
	flag.Parse()
	endTime, err := time.Parse(time.RFC3339, *end)
	if *dir == "" || err != nil || *files < 10 || *commits < 2 {
		fmt.Fprintln(os.Stderr, "usage: genrepo -dir DIR [-files N>=10] [-commits N>=2] [-seed N] [-end RFC3339] [-days N]")
		os.Exit(2)
	}
	start := time.Now()
	if err := generate(*dir, *files, *commits, *seed, endTime, *days); err != nil {
		fmt.Fprintln(os.Stderr, "genrepo:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "genrepo: %d files, %d commits in %s (%s)\n", *files, *commits, *dir, time.Since(start).Round(time.Millisecond))
}

func generate(dir string, nfiles, ncommits int, seed uint64, end time.Time, days int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if ents, _ := os.ReadDir(dir); len(ents) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	if err := git(dir, nil, "init", "-q", "-b", "main"); err != nil {
		return err
	}
	cmd := exec.Command("git", "-C", dir, "fast-import", "--quiet", "--done")
	cmd.Env = gitEnv()
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("git fast-import: %w", err)
	}
	w := bufio.NewWriterSize(in, 1<<20)
	g := newGenerator(w, seed, nfiles, ncommits, end, days)
	g.run()
	fmt.Fprintf(w, "done\n")
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write to git fast-import: %w", err)
	}
	in.Close()
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git fast-import: %w", err)
	}
	// Write the work tree: the scan reads files from it.
	return git(dir, nil, "reset", "-q", "--hard", "main")
}

// gitEnv keeps the user's configuration out, so that the repository is the
// same everywhere.
func gitEnv() []string {
	return append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "GIT_TERMINAL_PROMPT=0")
}

func git(dir string, stdin *os.File, args ...string) error {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = gitEnv()
	cmd.Stdin = stdin
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("git %v: %w\n%s", args, err, out)
	}
	return nil
}

// file is one path of the tree and how many edits its content has had.
type file struct {
	path    string
	kind    kind
	id      uint64 // seeds its content
	size    int    // target size of the base content
	edits   int
	blob    int // mark of its current blob
	deleted bool
}

// generator writes the fast-import stream.
type generator struct {
	w        *bufio.Writer
	rnd      *rand.Rand
	seed     uint64
	files    []*file
	live     []int // indexes of files present on main
	used     map[string]bool
	mark     int
	mainTip  int // mark of main's newest commit
	topicTip int // mark of the open topic branch's newest commit
	topics   int
	lastDate int64
	ncommits int
	made     int
	target   int // files the tree should reach
	t0, step int64
	tags     int
}

func newGenerator(w *bufio.Writer, seed uint64, nfiles, ncommits int, end time.Time, days int) *generator {
	span := int64(days) * 86400
	return &generator{
		w: w, rnd: rand.New(rand.NewPCG(seed, 0x6f70736c656e73)), seed: seed,
		used: map[string]bool{}, ncommits: ncommits, target: nfiles,
		t0: end.Unix() - span, step: span / int64(ncommits),
	}
}

// run writes the initial import (90% of the files), then the remaining
// commits: mostly small changes on main and on topic branches merged back,
// with the rest of the files added along the way.
func (g *generator) run() {
	initial := g.target * 9 / 10
	var adds []int
	for range initial {
		adds = append(adds, g.newFile())
	}
	var ops []op
	for _, i := range adds {
		ops = append(ops, op{cmd: 'M', idx: i})
	}
	g.commit("refs/heads/main", "Initial import", ops, 0)
	for g.made < g.ncommits {
		left := g.ncommits - g.made
		if left >= 3 && g.rnd.IntN(8) == 0 {
			g.topic(min(left-1, 1+g.rnd.IntN(3)))
		} else {
			g.change()
		}
		if g.made%150 == 0 {
			g.tag()
		}
	}
}

// op is one file command of a commit: M (add or modify), D or R.
type op struct {
	cmd  byte
	idx  int
	from string // old path of a rename, or the path of a deletion
}

// commit writes a commit on ref with parent from (none for 0) and, for a
// merge, second parent merge; it returns the commit's mark.
func (g *generator) commit(ref, msg string, ops []op, merge int) int {
	from := g.mainTip
	if ref != "refs/heads/main" {
		from = g.topicTip
	}
	g.mark++
	m := g.mark
	date := g.t0 + int64(g.made)*g.step + g.rnd.Int64N(max(1, g.step/2))
	who := authors[g.rnd.IntN(len(authors))]
	fmt.Fprintf(g.w, "commit %s\nmark :%d\nauthor %s %d +0000\ncommitter %s %d +0000\ndata %d\n%s\n",
		ref, m, who, date, who, date, len(msg), msg)
	if from != 0 {
		fmt.Fprintf(g.w, "from :%d\n", from)
	}
	if merge != 0 {
		fmt.Fprintf(g.w, "merge :%d\n", merge)
	}
	for _, o := range ops {
		f := g.files[o.idx]
		switch o.cmd {
		case 'M':
			fmt.Fprintf(g.w, "M %s :%d %s\n", f.mode(), f.blob, quotePath(f.path))
		case 'D':
			fmt.Fprintf(g.w, "D %s\n", quotePath(o.from))
		case 'R':
			fmt.Fprintf(g.w, "R %s %s\n", quotePath(o.from), quotePath(f.path))
		}
	}
	g.w.WriteString("\n")
	g.made++
	g.lastDate = date
	if ref == "refs/heads/main" {
		g.mainTip = m
	} else {
		g.topicTip = m
	}
	return m
}

var authors = []string{
	"Ada Lovelace <ada@example.com>", "Grace Hopper <grace@example.com>",
	"Alan Turing <alan@example.com>", "Edsger Dijkstra <edsger@example.com>",
	"Barbara Liskov <barbara@example.com>", "Ken Thompson <ken@example.com>",
}

// quotePath quotes paths fast-import would misread (none of ours have
// spaces, but the rename command needs its source quoted if it had).
func quotePath(p string) string { return fmt.Sprintf("%q", p) }

// blob writes the file's current content as a new blob.
func (g *generator) blob(idx int) {
	f := g.files[idx]
	data := content(g.seed, f)
	g.mark++
	f.blob = g.mark
	fmt.Fprintf(g.w, "blob\nmark :%d\ndata %d\n", g.mark, len(data))
	g.w.Write(data)
	g.w.WriteString("\n")
}

// edit changes a file by n more edits and writes its new blob.
func (g *generator) edit(idx, n int) {
	g.files[idx].edits += n
	g.blob(idx)
}

// pick returns a random file present on main, of kind k if k >= 0.
func (g *generator) pick(k kind) int {
	for range 50 {
		i := g.live[g.rnd.IntN(len(g.live))]
		if k < 0 || g.files[i].kind == k {
			return i
		}
	}
	return g.live[g.rnd.IntN(len(g.live))]
}

// changeOps makes the file commands of one ordinary commit. Topic
// branches get no renames or deletions, so their merge need only repeat
// the files they touched.
func (g *generator) changeOps(onTopic bool) (string, []op) {
	var ops []op
	r := g.rnd.IntN(1000)
	switch {
	case r < 30: // a refactor: many files at once
		for range 20 + g.rnd.IntN(40) {
			i := g.pick(-1)
			g.edit(i, 1+g.rnd.IntN(3))
			ops = append(ops, op{cmd: 'M', idx: i})
		}
		return "Refactor: rename options across packages", ops
	case r < 40 && !onTopic: // move a file and touch it
		i := g.pick(-1)
		f := g.files[i]
		old := f.path
		f.path = g.unique(filepath.ToSlash(filepath.Join(filepath.Dir(old), "moved", filepath.Base(old))))
		g.edit(i, 1)
		return "Move " + filepath.Base(old), []op{{cmd: 'R', idx: i, from: old}, {cmd: 'M', idx: i}}
	case r < 45 && !onTopic && len(g.live) > g.target/2: // delete a file
		pos := g.rnd.IntN(len(g.live))
		i := g.live[pos]
		g.live[pos] = g.live[len(g.live)-1]
		g.live = g.live[:len(g.live)-1]
		g.files[i].deleted = true
		return "Remove " + filepath.Base(g.files[i].path), []op{{cmd: 'D', idx: i, from: g.files[i].path}}
	case r < 55: // a new image
		i := g.pick(binaryFile)
		g.edit(i, 1)
		ops = append(ops, op{cmd: 'M', idx: i})
	}
	for range 1 + g.rnd.IntN(3) {
		i := g.pick(-1)
		g.edit(i, 1)
		ops = append(ops, op{cmd: 'M', idx: i})
	}
	// Add the files still missing at the rate that reaches the target.
	left := g.ncommits - g.made
	if missing := g.target - len(g.files); missing > 0 && g.rnd.IntN(left) < missing {
		for range max(1, missing/left) {
			ops = append(ops, op{cmd: 'M', idx: g.newFile()})
		}
	}
	return messages[g.rnd.IntN(len(messages))], ops
}

var messages = []string{
	"Fix retry when the upstream times out", "Add metrics for queue depth",
	"Update dependencies", "Tune alert thresholds", "Document the restore procedure",
	"Handle empty payloads", "Raise the memory limit", "Add a test for the parser",
	"Log the request id", "Clean up error messages",
}

// change commits one ordinary change to main.
func (g *generator) change() {
	msg, ops := g.changeOps(false)
	g.commit("refs/heads/main", msg, ops, 0)
}

// topic commits n changes on a topic branch that starts at main, then
// merges it into main with a merge commit (main has not moved, so the
// merge's tree is the branch's: it repeats the files the branch touched).
func (g *generator) topic(n int) {
	g.topicTip = g.mainTip
	touched := map[int]bool{}
	var order []int
	for range n {
		msg, ops := g.changeOps(true)
		for _, o := range ops {
			if !touched[o.idx] {
				touched[o.idx] = true
				order = append(order, o.idx)
			}
		}
		g.commit("refs/heads/topic", msg, ops, 0)
	}
	var ops []op
	for _, i := range order {
		ops = append(ops, op{cmd: 'M', idx: i})
	}
	g.topics++
	g.commit("refs/heads/main", fmt.Sprintf("Merge pull request #%d from topic", g.topics), ops, g.topicTip)
}

// tag writes an annotated release tag on main, dated like its commit.
func (g *generator) tag() {
	g.tags++
	name := fmt.Sprintf("v%d.%d.%d", 1+g.tags/40, (g.tags/8)%5, g.tags%8)
	msg := "Release " + name
	fmt.Fprintf(g.w, "tag %s\nfrom :%d\ntagger %s %d +0000\ndata %d\n%s\n", name, g.mainTip, authors[0], g.lastDate+600, len(msg), msg)
}
