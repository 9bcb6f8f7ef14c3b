package evidence

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/opslens/opslens/lens/builtin"
)

// Report is the result of a scan: the JSON shape that `opslens scan -o json`
// prints and the API serves. Field names are stable: scripts read them.
type Report struct {
	Tool         string       `json:"Tool"`
	Version      string       `json:"Version"`
	ScannedAt    time.Time    `json:"ScannedAt"`
	Repositories []Repository `json:"Repositories"`
	Findings     []Finding    `json:"Findings"`
	// Unknown lists practices whose evidence could not be judged, with why
	// (history figures of a shallow clone or a directory outside git).
	Unknown  []Unknown `json:"Unknown"`
	Warnings []Warning `json:"Warnings"`
}

// Repository says what was scanned.
type Repository struct {
	Path    string   `json:"Path"` // as given to the scan
	Name    string   `json:"Name"` // the directory's own name
	Remote  string   `json:"Remote,omitempty"`
	Git     bool     `json:"Git"`
	Commit  string   `json:"Commit,omitempty"`
	Branch  string   `json:"Branch,omitempty"`
	Shallow bool     `json:"Shallow,omitempty"`
	Files   int      `json:"Files"`
	History *History `json:"History,omitempty"`
}

// Finding is the evidence for one practice, merged over detectors and
// repositories: the strongest confidence wins and every proof is kept.
type Finding struct {
	BestPracticeID string     `json:"BestPracticeId"`
	QuestionID     string     `json:"QuestionId"`
	ChoiceID       string     `json:"ChoiceId"`
	Title          string     `json:"Title"`
	Confidence     Confidence `json:"Confidence"`
	Evidence       []Proof    `json:"Evidence"`
}

// Unknown is a practice the scan could not judge, and why.
type Unknown struct {
	BestPracticeID string `json:"BestPracticeId"`
	Repository     string `json:"Repository,omitempty"`
	Reason         string `json:"Reason"`
}

// Options tune a scan. The zero value is usable.
type Options struct {
	Version string           // opslens version recorded in the report
	Now     func() time.Time // clock, for history windows and ScannedAt
	// Progress, when set, is called as detectors finish.
	Progress func(done, total int)
}

// Scan reads each directory as one repository and merges what the
// detectors find. An error means the scan itself failed (a path that is not
// a directory); problems with single files are warnings in the report.
func Scan(ctx context.Context, dirs []string, opt Options) (*Report, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	rep := &Report{Tool: "opslens", Version: opt.Version, ScannedAt: opt.Now().UTC().Truncate(time.Second)}
	var trees []*Tree
	defer func() {
		for _, t := range trees {
			t.Close()
		}
	}()
	for _, d := range dirs {
		t, err := OpenTree(ctx, d)
		if err != nil {
			return nil, err
		}
		trees = append(trees, t)
	}
	total := len(trees) * len(detectors)
	var done int
	var mu sync.Mutex
	hits := make([][]Hit, len(trees))
	for i, t := range trees {
		t.now = opt.Now
		hits[i] = runDetectors(ctx, t, func() {
			mu.Lock()
			done++
			if opt.Progress != nil {
				opt.Progress(done, total)
			}
			mu.Unlock()
		})
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	for i, t := range trees {
		repo := Repository{Path: dirs[i], Name: filepath.Base(t.Dir), Remote: t.Remote, Git: t.Git, Commit: t.Commit, Branch: t.Branch, Shallow: t.Shallow, Files: len(t.files), History: t.history}
		rep.Repositories = append(rep.Repositories, repo)
		if t.gitParent != "" {
			// Said here rather than by OpenTree, so that fixture trees
			// inside opslens's own repository stay free of it.
			t.Warn("", "a directory inside the git repository %s: its files were listed without git and its history was not read; scan that directory for both", t.gitParent)
		}
		for _, w := range t.Warnings() {
			if len(trees) > 1 {
				w.Repository = dirs[i]
			}
			rep.Warnings = append(rep.Warnings, w)
		}
		for _, u := range t.unknown {
			if len(trees) > 1 {
				u.Repository = dirs[i]
			}
			rep.Unknown = append(rep.Unknown, u)
		}
	}
	var (
		err     error
		invalid []Warning
	)
	rep.Findings, invalid, err = merge(dirs, hits)
	rep.Warnings = append(rep.Warnings, invalid...)
	if rep.Warnings == nil {
		rep.Warnings = []Warning{}
	}
	if rep.Unknown == nil {
		rep.Unknown = []Unknown{}
	}
	return rep, err
}

// runDetectors runs every detector over t on a bounded pool of goroutines.
// A detector that panics is a bug in opslens, not in the repository: the
// scan carries on and says which detector failed.
func runDetectors(ctx context.Context, t *Tree, tick func()) []Hit {
	var (
		mu  sync.Mutex
		out []Hit
		wg  sync.WaitGroup
	)
	// Several detectors wait on one model another detector is building;
	// with one slot per processor those waits would leave processors idle.
	sem := make(chan struct{}, 4*runtime.GOMAXPROCS(0))
	for _, d := range detectors {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() {
				if r := recover(); r != nil {
					t.Warn("", "detector %s failed: %v (please report this)", d.Name, r)
				}
				<-sem
				tick()
				wg.Done()
			}()
			if ctx.Err() != nil {
				return
			}
			h := d.Run(ctx, t)
			mu.Lock()
			out = append(out, h...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

// maxProofs bounds the proofs kept per practice and repository: a reviewer
// needs a few good ones, not every alert rule of a large repository.
const maxProofs = 10

// rankedProof is a proof with the confidence of the hit that gave it.
type rankedProof struct {
	Proof
	conf Confidence
}

// merge groups hits by practice in lens order, keeps the strongest
// confidence, orders proofs strongest first, then by repository, path and
// line, drops duplicates and keeps at most maxProofs per repository. A hit
// naming a practice the lens does not have is a detector bug: it is dropped
// with a warning rather than failing the scan.
func merge(dirs []string, hits [][]Hit) ([]Finding, []Warning, error) {
	titles, order, err := practiceIndex()
	if err != nil {
		return nil, nil, err
	}
	var warnings []Warning
	byPractice := map[string]*Finding{}
	proofs := map[string][]rankedProof{}
	for i, hs := range hits {
		for _, h := range hs {
			if _, ok := titles[h.Practice]; !ok {
				warnings = append(warnings, Warning{Path: h.Proof.Path, Message: fmt.Sprintf("ignored a finding for unknown practice %q (please report this)", h.Practice)})
				continue
			}
			if h.Confidence.rank() == 0 {
				h.Confidence = Partial
			}
			f := byPractice[h.Practice]
			if f == nil {
				f = &Finding{BestPracticeID: h.Practice, QuestionID: questionOf(h.Practice), ChoiceID: choiceOf(h.Practice), Title: titles[h.Practice]}
				byPractice[h.Practice] = f
			}
			if h.Confidence.rank() > f.Confidence.rank() {
				f.Confidence = h.Confidence
			}
			p := h.Proof
			if len(dirs) > 1 {
				p.Repository = dirs[i]
			}
			proofs[h.Practice] = append(proofs[h.Practice], rankedProof{p, h.Confidence})
		}
	}
	out := []Finding{}
	for _, id := range order {
		if f := byPractice[id]; f != nil {
			f.Evidence = bestProofs(proofs[id])
			out = append(out, *f)
		}
	}
	return out, warnings, nil
}

// bestProofs sorts, deduplicates and caps one practice's proofs.
func bestProofs(ps []rankedProof) []Proof {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Repository != b.Repository {
			return a.Repository < b.Repository
		}
		if a.conf.rank() != b.conf.rank() {
			return a.conf.rank() > b.conf.rank()
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
	var out []Proof
	seen := map[Proof]bool{}
	perRepo := map[string]int{}
	for _, p := range ps {
		if seen[p.Proof] || perRepo[p.Repository] >= maxProofs {
			continue
		}
		seen[p.Proof] = true
		perRepo[p.Repository]++
		out = append(out, p.Proof)
	}
	return out
}

// practiceIndex returns the built-in lens's practice titles and order.
func practiceIndex() (map[string]string, []string, error) {
	ps, err := builtin.Practices()
	if err != nil {
		return nil, nil, err
	}
	titles := map[string]string{}
	var order []string
	for _, p := range ps {
		titles[p.ID] = p.Title
		order = append(order, p.ID)
	}
	return titles, order, nil
}
