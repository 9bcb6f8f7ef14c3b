package deploy

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCompose checks compose.yaml as Docker Compose reads it (anchors and
// merge keys resolved): PostgreSQL with a health check, two replicas and a
// worker on one PostgreSQL URL, waiting for the database, and the proxy
// sending traffic to exactly those replicas.
func TestCompose(t *testing.T) {
	var c struct {
		Services map[string]struct {
			Image       string
			Command     []string
			Environment map[string]string
			DependsOn   map[string]struct{ Condition string } `yaml:"depends_on"`
			Healthcheck struct{ Test []string }
			Ports       []string
			Volumes     []string
			ReadOnly    bool `yaml:"read_only"`
		}
	}
	raw := readFile(t, "compose.yaml")
	if err := yaml.Unmarshal([]byte(raw), &c); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	db, ok := c.Services["db"]
	if !ok || !strings.HasPrefix(db.Image, "postgres:") || len(db.Healthcheck.Test) == 0 {
		t.Fatalf("db service: %+v", db)
	}
	var url string
	for _, name := range []string{"opslens-1", "opslens-2", "worker"} {
		s, ok := c.Services[name]
		if !ok {
			t.Fatalf("no service %s", name)
		}
		u := s.Environment["OPSLENS_DB"]
		if !strings.HasPrefix(u, "postgres://") || !strings.Contains(u, "@db:5432/") {
			t.Errorf("%s: OPSLENS_DB %q is not the db service's PostgreSQL", name, u)
		}
		if url == "" {
			url = u
		} else if u != url {
			t.Errorf("%s uses %q, the others %q: replicas must share one database", name, u, url)
		}
		if s.DependsOn["db"].Condition != "service_healthy" {
			t.Errorf("%s does not wait for a healthy database", name)
		}
		if !s.ReadOnly {
			t.Errorf("%s: the root file system is writable", name)
		}
	}
	if cmd := c.Services["worker"].Command; len(cmd) == 0 || cmd[0] != "worker" {
		t.Errorf("worker command: %v", cmd)
	}
	for _, name := range []string{"opslens-1", "opslens-2"} {
		env := c.Services[name].Environment
		if env["OPSLENS_BEHIND_PROXY"] != "true" {
			t.Errorf("%s does not trust the proxy's X-Forwarded-For", name)
		}
		if !strings.Contains(strings.Join(c.Services[name].Healthcheck.Test, " "), "/readyz") {
			t.Errorf("%s: no readiness check", name)
		}
	}
	proxy := c.Services["proxy"]
	if len(proxy.Ports) != 1 || !strings.HasSuffix(proxy.Ports[0], ":8080") {
		t.Errorf("proxy ports: %v", proxy.Ports)
	}
	caddy := readFile(t, "Caddyfile")
	upstreams := regexp.MustCompile(`reverse_proxy ([^{]+)\{`).FindStringSubmatch(caddy)
	if upstreams == nil || strings.Join(strings.Fields(upstreams[1]), " ") != "opslens-1:8080 opslens-2:8080" {
		t.Errorf("Caddy's upstreams: %v", upstreams)
	}
	if !strings.Contains(caddy, "health_uri /readyz") {
		t.Error("Caddy does not check the replicas' readiness")
	}
}

// TestDockerfile reads the Dockerfile's instructions: a static build with
// the version stamped, and a final stage that runs that binary as a
// non-root user.
func TestDockerfile(t *testing.T) {
	var stages [][]string // instructions per stage, continuation lines joined
	var cur []string
	lines := strings.Split(strings.ReplaceAll(readFile(t, "../Dockerfile"), "\\\n", " "), "\n")
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if strings.HasPrefix(strings.ToUpper(l), "FROM ") {
			if cur != nil {
				stages = append(stages, cur)
			}
			cur = nil
		}
		cur = append(cur, l)
	}
	stages = append(stages, cur)
	if len(stages) != 2 {
		t.Fatalf("%d stages, want a build stage and a final one", len(stages))
	}
	build := strings.Join(stages[0], "\n")
	for _, want := range []string{"CGO_ENABLED=0", "-X main.version=${VERSION}", "-trimpath", "COPY go.mod go.sum ./", "go mod download"} {
		if !strings.Contains(build, want) {
			t.Errorf("the build stage lacks %q", want)
		}
	}
	final := map[string]string{}
	var copyTarget string
	for _, ins := range stages[1] {
		word, rest, _ := strings.Cut(ins, " ")
		final[strings.ToUpper(word)] = rest
		if strings.ToUpper(word) == "COPY" {
			f := strings.Fields(rest)
			copyTarget = f[len(f)-1]
		}
	}
	if u := final["USER"]; u == "" || strings.HasPrefix(u, "0") || strings.HasPrefix(u, "root") {
		t.Errorf("final stage USER %q: run as an unprivileged user", u)
	}
	if !strings.Contains(final["ENTRYPOINT"], `"`+copyTarget+`"`) {
		t.Errorf("ENTRYPOINT %s does not run the copied binary %s", final["ENTRYPOINT"], copyTarget)
	}
	if !strings.Contains(final["RUN"], "git") {
		t.Error("the image lacks git, which scans of git URLs need")
	}
	// opslens listens on 127.0.0.1 unless told otherwise, which nothing
	// outside the container reaches: the image must listen on the port it
	// exposes, and keep its SQLite default in the volume.
	env := map[string]string{}
	for _, kv := range strings.Fields(final["ENV"]) {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	if env["OPSLENS_ADDR"] != ":8080" && !strings.Contains(final["CMD"], `":8080"`) {
		t.Errorf("the image does not listen on :8080 (ENV %s, CMD %s)", final["ENV"], final["CMD"])
	}
	if final["EXPOSE"] != "8080" {
		t.Errorf("EXPOSE %q, want 8080", final["EXPOSE"])
	}
	if vol := final["VOLUME"]; vol == "" || !strings.HasPrefix(env["OPSLENS_DB"], vol+"/") {
		t.Errorf("OPSLENS_DB %q is not in the VOLUME %q", env["OPSLENS_DB"], vol)
	}
}

// helmBin finds helm, or skips (fails in CI, which installs it).
func helmBin(t *testing.T) string {
	if p, err := exec.LookPath("helm"); err == nil {
		return p
	}
	if home, err := os.UserHomeDir(); err == nil {
		if p := filepath.Join(home, "go", "bin", "helm"); fileExists(p) {
			return p
		}
	}
	if os.Getenv("OPSLENS_HELM_REQUIRED") == "1" {
		t.Fatal("helm is required (OPSLENS_HELM_REQUIRED=1) but not found")
	}
	t.Skip("helm not found; CI installs it")
	return ""
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func helm(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(helmBin(t), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		err = errors.New(err.Error() + ": " + errb.String())
	}
	return out.String(), err
}

// k8sObject is what the checks read of a rendered manifest.
type k8sObject struct {
	Kind     string
	Metadata struct{ Name string }
	Spec     struct {
		Replicas     int
		MinAvailable int `yaml:"minAvailable"`
		Template     struct {
			Metadata struct{ Annotations map[string]string }
			Spec     struct {
				SecurityContext struct {
					RunAsNonRoot   bool                  `yaml:"runAsNonRoot"`
					SeccompProfile struct{ Type string } `yaml:"seccompProfile"`
				} `yaml:"securityContext"`
				Volumes []struct {
					Name     string
					EmptyDir map[string]any `yaml:"emptyDir"`
				}
				Containers []struct {
					Args           []string
					Env            []struct{ Name, Value string }
					Resources      struct{ Requests, Limits map[string]string }
					ReadinessProbe *struct {
						HTTPGet struct{ Path string } `yaml:"httpGet"`
					} `yaml:"readinessProbe"`
					LivenessProbe *struct {
						HTTPGet struct{ Path string } `yaml:"httpGet"`
					} `yaml:"livenessProbe"`
					SecurityContext struct {
						ReadOnlyRootFilesystem   bool  `yaml:"readOnlyRootFilesystem"`
						AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
						Capabilities             struct{ Drop []string }
					} `yaml:"securityContext"`
					VolumeMounts []struct {
						Name      string
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				}
			}
		}
	}
}

// TestHelmChart lints the chart and renders it with the worker and the
// Ingress on, then checks what a cluster relies on: probes on /readyz and
// /healthz, resources, a non-root read-only container, the database URL
// from a Secret, a PodDisruptionBudget. A chart without a database is
// refused with a clear message.
func TestHelmChart(t *testing.T) {
	const chart = "helm/opslens"
	set := []string{"--set", "database.url=postgres://opslens:pw@db:5432/opslens", "--set", "worker.replicaCount=2", "--set", "ingress.enabled=true"}
	if out, err := helm(t, append([]string{"lint", "--strict", chart}, set...)...); err != nil {
		t.Fatalf("helm lint: %v\n%s", err, out)
	}
	objects := render(t, chart, set...)
	for _, want := range []string{"Deployment/review-opslens", "Deployment/review-opslens-worker", "Service/review-opslens",
		"PodDisruptionBudget/review-opslens", "Secret/review-opslens-db", "Ingress/review-opslens"} {
		if _, ok := objects[want]; !ok {
			t.Errorf("the chart renders no %s", want)
		}
	}
	web := objects["Deployment/review-opslens"]
	if web.Spec.Replicas != 2 || len(web.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("web deployment: %+v", web.Spec)
	}
	c := web.Spec.Template.Spec.Containers[0]
	if c.ReadinessProbe == nil || c.ReadinessProbe.HTTPGet.Path != "/readyz" || c.LivenessProbe == nil || c.LivenessProbe.HTTPGet.Path != "/healthz" {
		t.Errorf("probes: readiness %+v, liveness %+v", c.ReadinessProbe, c.LivenessProbe)
	}
	if c.Resources.Requests["cpu"] == "" || c.Resources.Requests["memory"] == "" || c.Resources.Limits["memory"] == "" {
		t.Errorf("resources: %+v", c.Resources)
	}
	if !web.Spec.Template.Spec.SecurityContext.RunAsNonRoot || !c.SecurityContext.ReadOnlyRootFilesystem {
		t.Error("the web container may run as root or write its root file system")
	}
	if p := c.SecurityContext.AllowPrivilegeEscalation; p == nil || *p || strings.Join(c.SecurityContext.Capabilities.Drop, ",") != "ALL" {
		t.Errorf("the web container may escalate or keeps capabilities: %+v", c.SecurityContext)
	}
	if web.Spec.Template.Spec.SecurityContext.SeccompProfile.Type != "RuntimeDefault" {
		t.Error("the web pods run without the runtime's seccomp profile")
	}
	// The root file system is read-only, so /tmp (clones, temporary
	// files) must be a volume of its own.
	tmp := false
	for _, m := range c.VolumeMounts {
		for _, v := range web.Spec.Template.Spec.Volumes {
			tmp = tmp || m.MountPath == "/tmp" && m.Name == v.Name && v.EmptyDir != nil
		}
	}
	if !tmp {
		t.Errorf("no emptyDir on /tmp: mounts %+v, volumes %+v", c.VolumeMounts, web.Spec.Template.Spec.Volumes)
	}
	if len(c.Args) == 0 || c.Args[0] != "serve" || len(c.Env) == 0 || c.Env[0].Name != "OPSLENS_DB" {
		t.Errorf("web container: args %v, env %v", c.Args, c.Env)
	}
	if w := objects["Deployment/review-opslens-worker"]; len(w.Spec.Template.Spec.Containers) != 1 || w.Spec.Template.Spec.Containers[0].Args[0] != "worker" {
		t.Errorf("worker deployment: %+v", w.Spec)
	}
	// Pods read the URL only at start: a new one in the chart's Secret
	// must roll them.
	if web.Spec.Template.Metadata.Annotations["checksum/database-url"] == "" {
		t.Error("the web pods do not roll when the chart's database URL changes")
	}
	if objects["PodDisruptionBudget/review-opslens"].Spec.MinAvailable != 1 {
		t.Error("the PodDisruptionBudget keeps no replica up")
	}
	if _, err := helm(t, "template", "review", chart); err == nil || !strings.Contains(err.Error(), "database.existingSecret") {
		t.Errorf("a chart without a database: %v, want a message naming database.existingSecret", err)
	}

	// By default: no workers (the web replicas can run scans), no Ingress,
	// and with an existing Secret, none of the chart's own.
	objects = render(t, chart, "--set", "database.existingSecret=opslens-db")
	for _, unwanted := range []string{"Deployment/review-opslens-worker", "Ingress/review-opslens", "Secret/review-opslens-db"} {
		if _, ok := objects[unwanted]; ok {
			t.Errorf("the default chart renders %s", unwanted)
		}
	}
	def, ok := objects["Deployment/review-opslens"]
	if !ok {
		t.Fatal("the default chart renders no web Deployment")
	}
	// Somebody must run the scans people schedule: the web replicas when
	// there are no workers, and only the workers when there are.
	if n := env(def, "OPSLENS_SCAN_WORKERS"); n != "1" {
		t.Errorf("without workers the web replicas run %q scans, want 1", n)
	}
	if n := env(web, "OPSLENS_SCAN_WORKERS"); n != "0" {
		t.Errorf("with workers the web replicas run %q scans, want 0", n)
	}
}

// env is the value of a variable of a Deployment's first container.
func env(d k8sObject, name string) string {
	for _, e := range d.Spec.Template.Spec.Containers[0].Env {
		if e.Name == name {
			return e.Value
		}
	}
	return ""
}

// render runs helm template and decodes every document it prints; a
// document that is not YAML fails the test.
func render(t *testing.T, chart string, set ...string) map[string]k8sObject {
	t.Helper()
	out, err := helm(t, append([]string{"template", "review", chart}, set...)...)
	if err != nil {
		t.Fatalf("helm template: %v", err)
	}
	objects := map[string]k8sObject{}
	dec := yaml.NewDecoder(strings.NewReader(out))
	for {
		var o k8sObject
		err := dec.Decode(&o)
		if errors.Is(err, io.EOF) {
			return objects
		}
		if err != nil {
			t.Fatalf("helm template printed a document that is not YAML: %v\n%s", err, out)
		}
		if o.Kind != "" {
			objects[o.Kind+"/"+o.Metadata.Name] = o
		}
	}
}
