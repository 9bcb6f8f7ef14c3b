// Package pgtest gives tests a real PostgreSQL server. It starts one server
// per test binary from the PostgreSQL binaries on the machine (initdb and
// postgres, as Debian's postgresql package installs them) in a temporary
// directory, or uses the server that OPSLENS_TEST_POSTGRES names, and hands
// each test a new, empty database on it.
//
// Without PostgreSQL the tests that need it are skipped, unless
// OPSLENS_POSTGRES_REQUIRED=1 (CI sets it), which makes them fail: the
// conformance suite must run against a real server there.
//
// A package that uses pgtest runs its tests through Main, which stops the
// server when they end.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvServer names an existing server (a postgres:// URL of a role that may
// create databases) to use instead of starting one.
const EnvServer = "OPSLENS_TEST_POSTGRES"

// EnvRequired makes a missing PostgreSQL a test failure instead of a skip.
const EnvRequired = "OPSLENS_POSTGRES_REQUIRED"

var (
	once     sync.Once
	server   *Server
	startErr error
	counter  atomic.Int64
)

// Main runs m and stops the server pgtest started, if any.
func Main(m *testing.M) {
	code := m.Run()
	if server != nil {
		server.Stop()
	}
	os.Exit(code)
}

// Server is a running PostgreSQL server and the URL of a role that may
// create databases on it.
type Server struct {
	AdminURL string
	dir      string
	proc     *exec.Cmd
	bin      string
	port     int
	durable  bool // commits survive a crash of the server (not of the machine)
	bench    bool // production-like durability settings (StartBench)
}

// Shared returns the test binary's server, starting it on first use. It
// skips t (or fails it under OPSLENS_POSTGRES_REQUIRED) when there is no
// PostgreSQL.
func Shared(t testing.TB) *Server {
	t.Helper()
	once.Do(func() {
		if u := os.Getenv(EnvServer); u != "" {
			server = &Server{AdminURL: u}
			return
		}
		server, startErr = Start()
	})
	if startErr != nil {
		if os.Getenv(EnvRequired) == "1" {
			t.Fatalf("PostgreSQL is required (%s=1) but could not start: %v", EnvRequired, startErr)
		}
		t.Skipf("no PostgreSQL for this test: %v (set %s to use a running server)", startErr, EnvServer)
	}
	return server
}

// NewDatabase creates an empty database on the shared server, drops it when
// t ends, and returns its URL.
func NewDatabase(t testing.TB) string {
	t.Helper()
	s := Shared(t)
	name := fmt.Sprintf("opslens_test_%d_%d", os.Getpid(), counter.Add(1))
	u, err := s.CreateDatabase(t.Context(), name)
	if err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := s.exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return u
}

// CreateDatabase creates a database and returns its URL.
func (s *Server) CreateDatabase(ctx context.Context, name string) (string, error) {
	if err := s.exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", err
	}
	u, err := url.Parse(s.AdminURL)
	if err != nil {
		return "", fmt.Errorf("%s: %w", EnvServer, err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

func (s *Server) exec(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, s.AdminURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, sql)
	return err
}

// Start initialises a cluster in a new temporary directory and starts a
// server on a free loopback port. The settings trade durability for speed:
// test data need not survive a crash of the machine, and with Start's
// asynchronous commits a crash of the server may lose the last ones.
func Start() (*Server, error) { return start(false, false) }

// StartDurable starts a server whose acknowledged commits survive Crash,
// for tests that crash it.
func StartDurable() (*Server, error) { return start(true, false) }

// StartBench starts a server set up as a production one would be for
// benchmarks: fsync and full-page writes on, and asynchronous commit,
// which loses (at most) the last fraction of a second of commits in a
// crash of the machine, as SQLite's WAL with synchronous=NORMAL does; the
// comparison between the stores is then like for like.
func StartBench() (*Server, error) { return start(false, true) }

func start(durable, bench bool) (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "opslens-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, durable: durable, bench: bench}
	if err := s.start(bin); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

func (s *Server) start(bin string) error {
	// initdb refuses to run as root, so as root the server runs as an
	// unprivileged user that owns its directory.
	if err := ownForServer(s.dir); err != nil {
		return err
	}
	data := filepath.Join(s.dir, "data")
	initdb := serverCommand(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust",
		"--no-sync", "--encoding=UTF8", "--locale=C")
	if out, err := initdb.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	s.bin, s.port = bin, port
	return s.run()
}

// run starts the postmaster on the initialised cluster and waits until it
// accepts connections.
func (s *Server) run() error {
	data := filepath.Join(s.dir, "data")
	args := []string{"-D", data, "-p", fmt.Sprint(s.port), "-k", s.dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"}
	switch {
	case s.bench:
		args = append(args, "-c", "shared_buffers=512MB", "-c", "synchronous_commit=off")
	default:
		// fsync=off loses nothing when only the server crashes: the
		// operating system still holds what was written.
		args = append(args, "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "shared_buffers=64MB")
		if !s.durable {
			args = append(args, "-c", "synchronous_commit=off")
		}
	}
	s.proc = serverCommand(filepath.Join(s.bin, "postgres"), args...)
	logf, err := os.OpenFile(filepath.Join(s.dir, "server.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	s.proc.Stdout, s.proc.Stderr = logf, logf
	if err := s.proc.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	s.AdminURL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", s.port)
	return s.waitReady()
}

func (s *Server) waitReady() error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := s.exec(ctx, "SELECT 1")
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
			return fmt.Errorf("postgres did not accept connections within 30s: %v\n%s", err, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Crash stops a started server at once, as an immediate shutdown
// (SIGQUIT: every backend ends without a checkpoint, and the next start
// recovers from the WAL), keeping its data for Restart: tests of what
// clients do while the database is away.
func (s *Server) Crash() error {
	if s.proc == nil {
		return errors.New("pgtest: Crash needs a server that pgtest started")
	}
	_ = s.proc.Process.Signal(quitSignal)
	_ = s.proc.Wait()
	return nil
}

// Restart starts a crashed server again on the same port and data.
func (s *Server) Restart() error {
	return s.run()
}

// Stop shuts a started server down at once and removes its directory.
func (s *Server) Stop() {
	if s.proc != nil && s.proc.Process != nil {
		// SIGQUIT: immediate shutdown, nothing to keep.
		_ = s.proc.Process.Signal(quitSignal)
		_ = s.proc.Wait()
	}
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

// binDir finds initdb: on PATH, or in Debian's versioned directories.
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		return filepath.Dir(p), nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(matches) == 0 {
		return "", errors.New("initdb not found on PATH or in /usr/lib/postgresql/*/bin (install Debian's postgresql package)")
	}
	return filepath.Dir(matches[len(matches)-1]), nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// URLWithParams returns u with extra query parameters, for tests that tune
// the pool or the statement timeout.
func URLWithParams(u string, params map[string]string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	q := p.Query()
	for k, v := range params {
		q.Set(k, v)
	}
	p.RawQuery = q.Encode()
	return p.String()
}
