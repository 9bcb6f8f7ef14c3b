package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// server is `opslens serve` as a separate process, as in production: the
// load generator shares the machine's cores with it but not its runtime.
type server struct {
	cmd  *exec.Cmd
	url  string
	done chan struct{} // closed when the process has exited
	err  error         // its exit error, once done is closed
}

// startServer runs the binary on the database, listening on a port of
// 127.0.0.1 the kernel picks, and waits until /readyz answers. Logs go to
// logPath (request logging is part of what a server does under load).
func startServer(ctx context.Context, binary, db, logPath string, extra ...string) (*server, error) {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	args := append([]string{"--db", db, "serve", "--addr", "127.0.0.1:0", "--log-format", "json"}, extra...)
	cmd := exec.Command(binary, args...)
	cmd.Stderr = logFile
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", binary, err)
	}
	s := &server{cmd: cmd, done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "opslens is listening on "); ok {
				addr <- a
			}
		}
		_, _ = io.Copy(io.Discard, out)
		s.err = cmd.Wait()
		logFile.Close()
		close(s.done)
	}()
	select {
	case a := <-addr:
		s.url = "http://" + a
	case <-s.done:
		return nil, fmt.Errorf("opslens serve exited before listening (%v); see %s", s.err, logPath)
	case <-time.After(30 * time.Second):
		s.kill()
		return nil, fmt.Errorf("opslens serve did not listen within 30 s; see %s", logPath)
	}
	return s, s.waitReady(ctx)
}

func (s *server) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequestWithContext(ctx, "GET", s.url+"/readyz", nil)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s/readyz did not answer 200 within 30 s", s.url)
}

// stop ends the server gracefully (SIGTERM) and returns its exit error.
func (s *server) stop() error {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	select {
	case <-s.done:
		return s.err
	case <-time.After(60 * time.Second):
		s.kill()
		return fmt.Errorf("opslens serve did not stop within 60 s of SIGTERM")
	}
}

// kill ends the server with SIGKILL, as a crash or the OOM killer would:
// no deferred code, no graceful shutdown, no final checkpoint.
func (s *server) kill() {
	_ = s.cmd.Process.Kill()
	<-s.done
}
