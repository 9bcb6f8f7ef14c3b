package sqlite

import (
	"context"
	"sync"
	"time"
)

// SQLite's automatic checkpoint runs inside the commit that crosses the
// WAL size limit, with the write lock held, and includes the fsyncs of the
// WAL and the database file: every thousand pages or so one write waited
// tens of milliseconds and every writer queued behind it (bench/serve:
// p99 of answer updates 15-35 ms with it, 4 ms without). Connections
// therefore turn it off (wal_autocheckpoint(0) in the DSN) and a
// goroutine of each DB checkpoints in the background instead. PASSIVE
// checkpoints neither wait for nor block readers and writers. The last
// connection to close still checkpoints the whole WAL into the file.

// checkpointEvery is how often the background checkpoint runs. It runs
// whether or not this process wrote: other processes (the CLI next to a
// server) turn off the automatic checkpoint too, and cannot checkpoint
// when they close while the server holds the file open. A round with
// nothing to copy costs a few microseconds.
const checkpointEvery = 200 * time.Millisecond

type checkpointer struct {
	stop     chan struct{}
	stopOnce sync.Once // Close may be called more than once
	done     sync.WaitGroup
}

func (db *DB) startCheckpoints() {
	db.ckpt = &checkpointer{stop: make(chan struct{})}
	db.ckpt.done.Add(1)
	go func() {
		defer db.ckpt.done.Done()
		t := time.NewTicker(checkpointEvery)
		defer t.Stop()
		for {
			select {
			case <-db.ckpt.stop:
				return
			case <-t.C:
			}
			// Best effort: a failed round leaves the pages in the WAL for
			// the next one or for the final close.
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			_, _ = db.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
			cancel()
		}
	}()
}

func (db *DB) stopCheckpoints() {
	if db.ckpt != nil {
		db.ckpt.stopOnce.Do(func() { close(db.ckpt.stop) })
		db.ckpt.done.Wait()
	}
}
