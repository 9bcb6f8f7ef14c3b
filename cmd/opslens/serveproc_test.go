package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// serverProc is `opslens serve` running as a separate process on a
// 127.0.0.1 port the kernel picks, the way an operator runs it: the tests
// see only its sockets, its output and its exit code.
type serverProc struct {
	t      *testing.T
	cmd    *exec.Cmd
	url    string // http://127.0.0.1:PORT
	stderr *lockedBuffer
	done   chan struct{}
	code   int // exit code, valid once done is closed
}

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serve starts `opslens serve` with extra environment variables (KEY=VALUE)
// and flags. Unless the flags or env name an address, it listens on
// 127.0.0.1:0. It returns once the server says where it listens; the
// process is killed when the test ends if it still runs.
func (c *cli) serve(env []string, args ...string) *serverProc {
	c.t.Helper()
	p, listening := c.startServe(env, args...)
	if !listening {
		c.t.Fatalf("opslens serve did not start (exit %d)\nstderr:\n%s", p.code, p.stderr)
	}
	return p
}

// startServe starts the server and reports whether it came to listen
// (false: it exited first, and p.code says how).
func (c *cli) startServe(env []string, args ...string) (*serverProc, bool) {
	c.t.Helper()
	all := append([]string{"serve"}, args...)
	if !hasAddr(env, args) {
		all = append(all, "--addr", "127.0.0.1:0")
	}
	p, addr, ok := c.startProc(env, all, "opslens is listening on ")
	if ok {
		p.url = "http://" + addr
	}
	return p, ok
}

// startProc starts a long-running opslens command and waits for the line
// on its standard output that starts with ready; it returns the rest of
// that line, or false when the process exited first.
func (c *cli) startProc(env, all []string, ready string) (*serverProc, string, bool) {
	c.t.Helper()
	cmd := exec.Command(binary, all...)
	cmd.Env = append(append(os.Environ(), asMain+"=1", "OPSLENS_DB="+c.db, "NO_COLOR=1"), env...)
	p := &serverProc{t: c.t, cmd: cmd, stderr: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stderr = p.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		c.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		c.t.Fatalf("start opslens %s: %v", all[0], err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), ready); ok {
				addr <- a
			}
		}
		close(addr)
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok {
			p.code = ee.ExitCode()
		} else if err != nil {
			p.code = -1
		}
		close(p.done)
	}()
	c.t.Cleanup(func() { p.kill() })
	select {
	case a, ok := <-addr:
		if !ok {
			<-p.done
			return p, "", false
		}
		return p, a, true
	case <-time.After(20 * time.Second):
		c.t.Fatalf("opslens %s said nothing within 20 s\nstderr:\n%s", all[0], p.stderr)
	}
	return p, "", false
}

func hasAddr(env, args []string) bool {
	for _, s := range append(append([]string{}, env...), args...) {
		if strings.HasPrefix(s, "OPSLENS_ADDR=") || strings.HasPrefix(s, "--addr") {
			return true
		}
	}
	return false
}

// stop sends SIGTERM and returns the exit code, failing the test if the
// server does not stop within 20 seconds.
func (p *serverProc) stop() int {
	p.t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		p.t.Fatalf("SIGTERM: %v", err)
	}
	return p.wait()
}

func (p *serverProc) wait() int {
	p.t.Helper()
	select {
	case <-p.done:
		return p.code
	case <-time.After(20 * time.Second):
		p.kill()
		p.t.Fatalf("opslens serve did not stop within 20 s\nstderr:\n%s", p.stderr)
		return -1
	}
}

// kill ends the process at once (SIGKILL), as a crash would.
func (p *serverProc) kill() {
	select {
	case <-p.done:
	default:
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, so tests see where the server sends them.
func browser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// signIn posts the sign-in form as a browser on the same site does (the
// CSRF protection reads Sec-Fetch-Site) and returns the response.
func (p *serverProc) signIn(c *http.Client, name, password string) *http.Response {
	p.t.Helper()
	req, err := http.NewRequest("POST", p.url+"/signin", strings.NewReader(url.Values{"name": {name}, "password": {password}}.Encode()))
	if err != nil {
		p.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return p.do(c, req)
}

func (p *serverProc) do(c *http.Client, req *http.Request) *http.Response {
	p.t.Helper()
	res, err := c.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	p.t.Cleanup(func() { res.Body.Close() })
	return res
}

// get fetches path with an optional API token and returns the status and
// body.
func (p *serverProc) get(c *http.Client, path, token string) (int, string) {
	p.t.Helper()
	req, err := http.NewRequest("GET", p.url+path, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res := p.do(c, req)
	b, err := io.ReadAll(res.Body)
	if err != nil {
		p.t.Fatalf("GET %s: read body: %v", path, err)
	}
	return res.StatusCode, string(b)
}

// getURL fetches a whole URL with a plain client and returns the status,
// or 0 when no HTTP answer came.
func (p *serverProc) getURL(u string) (int, error) {
	res, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}

// admin creates an administrator with a password and an API token, with
// the CLI as an operator would, and returns the token.
func (c *cli) admin(name, password string) string {
	c.t.Helper()
	if r := c.runIn(password+"\n", "user", "create", name, "--admin", "--password-stdin"); r.code != 0 {
		c.t.Fatalf("user create: exit %d: %s", r.code, r.stderr)
	}
	return strings.TrimSpace(c.ok("user", "token", name))
}
