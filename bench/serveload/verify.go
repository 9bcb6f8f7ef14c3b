package main

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// lossReport is the outcome of comparing the database with a ledger.
type lossReport struct {
	acked, unacked int // writes acknowledged, and sent without a 2xx answer
	answers        int // answers written to at least once
	problems       []string
}

// verify compares the stored answers with what the acknowledgements said.
// For each answer written to, the acknowledged versions must be distinct
// (two writes saved as the same version means one overwrote the other
// unseen), and the stored answer must be the acknowledged write of the
// highest version, or newer. Newer is allowed only as far as writes sent
// without an acknowledgement explain it (after kill -9, a committed write
// may never have been answered), and the stored selection must then be
// one of theirs.
func verify(ctx context.Context, path string, lg *ledger) (lossReport, error) {
	rep := lossReport{problems: append([]string{}, lg.wrong...)}
	acks := map[answerKey][]ack{}
	pending := map[answerKey][]write{}
	for id, w := range lg.sent {
		if a, ok := lg.acked[id]; ok {
			acks[w.key] = append(acks[w.key], a)
			rep.acked++
		} else {
			pending[w.key] = append(pending[w.key], w)
			rep.unacked++
		}
	}
	stored, err := storedAnswers(ctx, path, lg)
	if err != nil {
		return rep, err
	}
	for key, as := range acks {
		rep.answers++
		slices.SortFunc(as, func(a, b ack) int { return int(a.version - b.version) })
		for i := 1; i < len(as); i++ {
			if as[i].version == as[i-1].version {
				rep.problems = append(rep.problems, fmt.Sprintf("%v: two writes acknowledged as version %d", key, as[i].version))
			}
		}
		last, got := as[len(as)-1], stored[key]
		switch {
		case got.version < last.version:
			rep.problems = append(rep.problems, fmt.Sprintf("%v: stored version %d, but version %d was acknowledged", key, got.version, last.version))
		case got.version == last.version && !slices.Equal(got.selection, last.selection):
			rep.problems = append(rep.problems, fmt.Sprintf("%v: stored %v, acknowledged %v", key, got.selection, last.selection))
		case got.version > last.version && !explained(got, last, pending[key]):
			rep.problems = append(rep.problems, fmt.Sprintf("%v: stored version %d (%v) is newer than the acknowledged %d and no unacknowledged write explains it",
				key, got.version, got.selection, last.version))
		}
	}
	return rep, nil
}

// explained reports whether unacknowledged writes can account for a stored
// answer newer than the last acknowledged one.
func explained(got, last ack, pending []write) bool {
	if int(got.version-last.version) > len(pending) {
		return false
	}
	for _, w := range pending {
		if slices.Equal(got.selection, slices.Sorted(slices.Values(w.selection))) {
			return true
		}
	}
	return false
}

// storedAnswers reads the answers the ledger wrote to, through the store.
func storedAnswers(ctx context.Context, path string, lg *ledger) (map[answerKey]ack, error) {
	db, err := openStore(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	workloads := map[int64]bool{}
	for _, w := range lg.sent {
		workloads[w.key.workload] = true
	}
	out := map[answerKey]ack{}
	for id := range workloads {
		w, err := db.WorkloadByID(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, alias := range w.Lenses {
			answers, err := db.Answers(ctx, id, alias)
			if err != nil {
				return nil, err
			}
			for _, a := range answers {
				out[answerKey{id, a.QuestionID}] = ack{version: a.Version, selection: slices.Sorted(slices.Values(a.Selected()))}
			}
		}
	}
	return out, nil
}

// integrityCheck runs SQLite's own consistency check of the whole file.
func integrityCheck(ctx context.Context, path string) (string, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return "", fmt.Errorf("integrity check of %s: %w", path, err)
	}
	return res, nil
}
