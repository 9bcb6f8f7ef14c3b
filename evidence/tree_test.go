package evidence

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestOpenTreeGitListsTrackedAndUntracked(t *testing.T) {
	dir := newTestRepo(t, map[string]string{
		".gitignore":          "*.log\nbuild/\n",
		"main.go":             "package main\n",
		"deploy/.gitignore":   "secret.yaml\n!keep.log\n",
		"deploy/app.yaml":     "kind: Deployment\n",
		"vendor/lib/lib.go":   "package lib\n",
		".github/CODEOWNERS":  "* @team\n",
		"docs/runbook.md":     "# Runbook\n",
		"examples/demo/x.yml": "a: 1\n",
	})
	writeTestFiles(t, dir, map[string]string{
		"new.txt":            "untracked, not ignored\n",
		"debug.log":          "ignored\n",
		"build/out.bin":      "ignored dir\n",
		"deploy/secret.yaml": "ignored by nested .gitignore\n",
		"deploy/keep.log":    "re-included by nested .gitignore\n",
	})
	tree := openTestTree(t, dir)
	if !tree.Git || tree.Commit == "" || tree.Branch != "main" || tree.Shallow {
		t.Errorf("git state = Git %v, Commit %q, Branch %q, Shallow %v", tree.Git, tree.Commit, tree.Branch, tree.Shallow)
	}
	wantAll := []string{".github/CODEOWNERS", ".gitignore", "deploy/.gitignore", "deploy/app.yaml", "deploy/keep.log",
		"docs/runbook.md", "examples/demo/x.yml", "main.go", "new.txt", "vendor/lib/lib.go"}
	if got := tree.AllFiles(); !reflect.DeepEqual(got, wantAll) {
		t.Errorf("AllFiles() = %q\nwant %q", got, wantAll)
	}
	wantOwn := []string{".github/CODEOWNERS", ".gitignore", "deploy/.gitignore", "deploy/app.yaml", "deploy/keep.log",
		"docs/runbook.md", "main.go", "new.txt"}
	if got := tree.Files(); !reflect.DeepEqual(got, wantOwn) {
		t.Errorf("Files() = %q\nwant %q", got, wantOwn)
	}
	if w := tree.Warnings(); len(w) != 0 {
		t.Errorf("unexpected warnings: %v", w)
	}
}

func TestOpenTreeWalkHonoursNestedGitignore(t *testing.T) {
	dir := t.TempDir()
	writeTestFiles(t, dir, map[string]string{
		".gitignore":           "*.tmp\n# comment\n\n/dist/\n",
		"app/.gitignore":       "generated/\n!important.tmp\n",
		"app/main.py":          "print()\n",
		"app/x.tmp":            "ignored by root\n",
		"app/important.tmp":    "re-included by app/.gitignore\n",
		"app/generated/a.yaml": "ignored by app/.gitignore\n",
		"dist/bundle.js":       "ignored, anchored at root\n",
		"lib/dist/keep.js":     "not the root dist\n",
		"other/generated/b.md": "app's pattern does not reach here\n",
		".git/config":          "not a repository git can read, never listed\n",
		"nested/.git/HEAD":     "ref: refs/heads/main\n",
		"nested/file.txt":      "another repository\n",
	})
	tree := openTestTree(t, dir)
	if tree.Git {
		t.Error("a directory outside git reported as git")
	}
	want := []string{".gitignore", "app/.gitignore", "app/important.tmp", "app/main.py", "lib/dist/keep.js", "other/generated/b.md"}
	if got := tree.AllFiles(); !reflect.DeepEqual(got, want) {
		t.Errorf("AllFiles() = %q\nwant %q", got, want)
	}
	if !treeHasWarning(tree, "nested", "nested git repository") {
		t.Errorf("no warning for the nested repository: %q", treeWarnings(tree))
	}
	if !treeHasWarning(tree, "", "git could not read this repository") {
		t.Errorf("no warning for the unreadable .git: %q", treeWarnings(tree))
	}
}

// treeModes opens the same files as a git repository and as a plain
// directory, since listing and reading differ between the two.
func treeModes(t *testing.T, build func(t *testing.T, dir string)) map[string]*Tree {
	t.Helper()
	out := map[string]*Tree{}
	for _, mode := range []string{"git", "walk"} {
		parent := t.TempDir()
		dir := filepath.Join(parent, "repo")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		build(t, dir)
		if mode == "git" {
			initTestRepo(t, dir)
			commitTestRepo(t, dir, 0, "initial")
		}
		out[mode] = openTestTree(t, dir)
	}
	return out
}

func TestSymlinksNeverLeaveTheRepository(t *testing.T) {
	trees := treeModes(t, func(t *testing.T, dir string) {
		writeTestFiles(t, dir, map[string]string{"real/config.yaml": "a: 1\n"})
		writeTestFiles(t, filepath.Dir(dir), map[string]string{"outside.yaml": "secret: 1\n"})
		links := map[string]string{
			"passwd.yaml":  "/etc/passwd",
			"up.yaml":      "../outside.yaml",
			"deep.yaml":    "real/../../outside.yaml",
			"inside.yaml":  "real/config.yaml",
			"dirlink":      "real",
			"broken.yaml":  "missing.yaml",
			"real/up.yaml": "../../outside.yaml",
		}
		for name, target := range links {
			if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
				t.Skipf("symlinks not supported: %v", err)
			}
		}
	})
	for mode, tree := range trees {
		t.Run(mode, func(t *testing.T) {
			for _, p := range []string{"passwd.yaml", "up.yaml", "deep.yaml", "real/up.yaml"} {
				if data, err := tree.Read(p); err == nil {
					t.Errorf("Read(%s) read outside the repository: %q", p, data)
				}
				if !treeHasWarning(tree, p, "outside the repository") {
					t.Errorf("no warning for %s: %q", p, treeWarnings(tree))
				}
			}
			if data, err := tree.Read("inside.yaml"); err != nil || string(data) != "a: 1\n" {
				t.Errorf("Read(inside.yaml) = %q, %v; a link inside the repository is read", data, err)
			}
			if _, err := tree.YAML("passwd.yaml"); err == nil {
				t.Error("YAML(passwd.yaml) parsed a file outside the repository")
			}
			if _, err := tree.Read("dirlink"); err == nil || !treeHasWarning(tree, "dirlink", "directory") {
				t.Errorf("Read(dirlink): %v, warnings %q", err, treeWarnings(tree))
			}
			if _, err := tree.Read("broken.yaml"); err == nil || !treeHasWarning(tree, "broken.yaml", "broken symbolic link") {
				t.Errorf("Read(broken.yaml): %v, warnings %q", err, treeWarnings(tree))
			}
			if tree.HasDir("dirlink") {
				t.Error("a link to a directory was entered")
			}
		})
	}
}

func TestSubmodulesAndNestedRepositoriesAreNotEntered(t *testing.T) {
	dir := newTestRepo(t, map[string]string{"main.go": "package main\n"})
	// A gitlink entry, as `git submodule add` makes, without the network.
	sub := newTestRepo(t, map[string]string{"lib.go": "package lib\n"})
	head := runTestGit(t, sub, testRepoEpoch, "rev-parse", "HEAD")
	runTestGit(t, dir, testRepoEpoch, "update-index", "--add", "--cacheinfo", "160000,"+head+",libs/shared")
	writeTestFiles(t, dir, map[string]string{".gitmodules": "[submodule \"libs/shared\"]\n\tpath = libs/shared\n\turl = ../shared\n"})
	if err := os.MkdirAll(filepath.Join(dir, "libs", "shared"), 0o755); err != nil {
		t.Fatal(err)
	}
	runTestGit(t, dir, testRepoEpoch, "add", ".gitmodules")
	runTestGit(t, dir, testRepoEpoch, "commit", "-q", "-m", "add submodule")
	// An untracked clone inside the work tree.
	nested := filepath.Join(dir, "tools", "other")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	initTestRepo(t, nested)
	writeTestFiles(t, nested, map[string]string{"x.yaml": "a: 1\n"})

	tree := openTestTree(t, dir)
	want := []string{".gitmodules", "main.go"}
	if got := tree.AllFiles(); !reflect.DeepEqual(got, want) {
		t.Errorf("AllFiles() = %q, want %q", got, want)
	}
	if !treeHasWarning(tree, "libs/shared", "submodule") {
		t.Errorf("no submodule warning: %q", treeWarnings(tree))
	}
	if !treeHasWarning(tree, "tools/other", "nested git repository") {
		t.Errorf("no nested repository warning: %q", treeWarnings(tree))
	}
	if _, err := tree.Read("libs/shared"); err == nil {
		t.Error("Read of a submodule directory succeeded")
	}
}

func TestNonUTF8FileNames(t *testing.T) {
	name := "docs/caf\xe9-runbook.md"
	trees := treeModes(t, func(t *testing.T, dir string) {
		if err := os.MkdirAll(filepath.Join(dir, "docs"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte("# Runbook\n"), 0o644); err != nil {
			t.Skipf("file system refuses non-UTF-8 names: %v", err)
		}
	})
	for mode, tree := range trees {
		t.Run(mode, func(t *testing.T) {
			if !tree.Has(name) {
				t.Fatalf("%q not listed: %q", name, tree.AllFiles())
			}
			if data, err := tree.Read(name); err != nil || string(data) != "# Runbook\n" {
				t.Errorf("Read = %q, %v", data, err)
			}
			// JSON output replaces the invalid byte instead of failing.
			if _, err := json.Marshal(Proof{Path: name, Summary: "x"}); err != nil {
				t.Errorf("proof with a non-UTF-8 path does not encode: %v", err)
			}
		})
	}
}

func TestReadSkipsLargeBinaryAndSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	writeTestFiles(t, dir, map[string]string{
		"big.json":     strings.Repeat("x", MaxFileSize+1),
		"limit.yaml":   strings.Repeat("#", MaxFileSize),
		"image.png":    "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"utf16.yaml":   "\xff\xfea\x00:\x00 \x001\x00",
		"ok.yaml":      "a: 1\n",
		"empty.yaml":   "",
		"dir/sub.yaml": "b: 2\n",
	})
	tree := openTestTree(t, dir)
	tests := []struct {
		path, warning string
	}{
		{"big.json", "1048577 bytes, above the 1048576-byte limit"},
		{"image.png", "binary content"},
		{"utf16.yaml", "binary content"},
		{"missing.yaml", ""},
		{"dir", "directory"},
	}
	for _, tt := range tests {
		if _, err := tree.Read(tt.path); err == nil {
			t.Errorf("Read(%s) succeeded", tt.path)
		}
		if tt.warning != "" && !treeHasWarning(tree, tt.path, tt.warning) {
			t.Errorf("no warning %q for %s: %q", tt.warning, tt.path, treeWarnings(tree))
		}
	}
	for _, p := range []string{"limit.yaml", "ok.yaml", "empty.yaml"} {
		if _, err := tree.Read(p); err != nil {
			t.Errorf("Read(%s): %v", p, err)
		}
	}
	if treeHasWarning(tree, "missing.yaml", "") {
		t.Error("a file deleted from the work tree is warned about")
	}
	if docs, err := tree.YAML("empty.yaml"); err != nil || len(docs) != 0 {
		t.Errorf("YAML(empty.yaml) = %v, %v", docs, err)
	}
}

func TestParsersWarnOnInvalidFiles(t *testing.T) {
	dir := t.TempDir()
	writeTestFiles(t, dir, map[string]string{
		"bad.yaml":     "a: [1, 2\nb: {\n",
		"bad.json":     "{\"a\": 1,, }",
		"tabs.json":    "{\n\t\"a\": {\n\t\t\"b\": [1, 2]\n\t}\n}\n",
		"bad.tf":       "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n",
		"good.tf":      "resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n}\n",
		"multi.yaml":   "---\na: 1\n---\n---\nb: !Ref Bucket\n",
		"template.yml": "Resources:\n  B:\n    Properties:\n      Name: !Sub '${AWS::StackName}-b'\n",
	})
	tree := openTestTree(t, dir)
	for _, p := range []string{"bad.yaml", "bad.json"} {
		if _, err := tree.YAML(p); err == nil || !treeHasWarning(tree, p, "not parsed as YAML") {
			t.Errorf("YAML(%s): err %v, warnings %q", p, err, treeWarnings(tree))
		}
	}
	if _, err := tree.HCL("bad.tf"); err == nil || !treeHasWarning(tree, "bad.tf", "not parsed as HCL") {
		t.Errorf("HCL(bad.tf): err %v, warnings %q", err, treeWarnings(tree))
	}
	if body, err := tree.HCL("good.tf"); err != nil || len(body.Blocks) != 1 {
		t.Errorf("HCL(good.tf) = %v, %v", body, err)
	}
	if docs, err := tree.YAML("tabs.json"); err != nil || str(docs[0], "a", "b") != "" || len(items(get(docs[0], "a", "b"))) != 2 {
		t.Errorf("YAML(tabs.json) = %v, %v", docs, err)
	}
	docs, err := tree.YAML("multi.yaml")
	if err != nil || len(docs) != 2 {
		t.Fatalf("YAML(multi.yaml) = %d docs, %v; want 2 (empty documents dropped)", len(docs), err)
	}
	if n := get(docs[1], "b"); n == nil || n.Tag != "!Ref" || n.Value != "Bucket" || n.Line != 5 {
		t.Errorf("custom tag lost: %+v", n)
	}
	cfn, err := tree.YAML("template.yml")
	if err != nil || get(cfn[0], "Resources", "B", "Properties", "Name").Tag != "!Sub" {
		t.Errorf("YAML(template.yml): %v", err)
	}
}

func TestParsedCacheParsesOnce(t *testing.T) {
	dir := t.TempDir()
	writeTestFiles(t, dir, map[string]string{"a.yaml": "a: 1\n"})
	tree := openTestTree(t, dir)
	var (
		mu    sync.Mutex
		calls int
		wg    sync.WaitGroup
	)
	results := make([]any, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], _ = tree.parsed("a.yaml", "count", func(_ string, data []byte) (any, error) {
				mu.Lock()
				calls++
				mu.Unlock()
				return string(data), nil
			})
		}()
	}
	wg.Wait()
	if calls != 1 {
		t.Errorf("parse ran %d times, want 1", calls)
	}
	for _, r := range results {
		if r != "a: 1\n" {
			t.Errorf("result %v", r)
		}
	}
	d1, _ := tree.YAML("a.yaml")
	d2, _ := tree.YAML("a.yaml")
	if d1[0] != d2[0] {
		t.Error("YAML is parsed again on the second call")
	}
}

func TestEmptyAndMissingRepositories(t *testing.T) {
	t.Run("empty git repository", func(t *testing.T) {
		dir := t.TempDir()
		initTestRepo(t, dir)
		tree := openTestTree(t, dir)
		if !tree.Git || tree.Commit != "" || len(tree.AllFiles()) != 0 || tree.Branch != "main" {
			t.Errorf("Git %v, Commit %q, Branch %q, files %q", tree.Git, tree.Commit, tree.Branch, tree.AllFiles())
		}
	})
	t.Run("empty directory", func(t *testing.T) {
		tree := openTestTree(t, t.TempDir())
		if tree.Git || len(tree.AllFiles()) != 0 || len(tree.Warnings()) != 0 {
			t.Errorf("Git %v, files %q, warnings %q", tree.Git, tree.AllFiles(), treeWarnings(tree))
		}
	})
	file := filepath.Join(t.TempDir(), "file.txt")
	writeTestFiles(t, filepath.Dir(file), map[string]string{"file.txt": "x"})
	for _, dir := range []string{filepath.Join(t.TempDir(), "does-not-exist"), file} {
		if _, err := OpenTree(context.Background(), dir); err == nil {
			t.Errorf("OpenTree(%s) succeeded", dir)
		} else if !strings.Contains(err.Error(), dir) {
			t.Errorf("error %q does not name the directory", err)
		}
	}
}

func TestGitRefusedRepositoryIsWalkedWithWarning(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the repository to another user")
	}
	dir := newTestRepo(t, map[string]string{"main.go": "package main\n"})
	if err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, 65534, 65534)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := gitOutput(context.Background(), dir, "rev-parse", "--show-toplevel"); err == nil {
		t.Skip("git is configured to trust every directory here")
	}
	tree := openTestTree(t, dir)
	if tree.Git || !tree.Has("main.go") || !treeHasWarning(tree, "", "dubious ownership") {
		t.Errorf("Git %v, files %q, warnings %q", tree.Git, tree.AllFiles(), treeWarnings(tree))
	}
}

func TestTreeQueries(t *testing.T) {
	dir := t.TempDir()
	writeTestFiles(t, dir, map[string]string{
		"a/b/c.yaml":      "x: 1\n",
		"a/d.md":          "# d\n",
		"vendor/x/y.yaml": "x: 1\n",
	})
	tree := openTestTree(t, dir)
	for _, tt := range []struct {
		dir  string
		want bool
	}{{"a", true}, {"a/", true}, {"a/b", true}, {"a/b/c.yaml", false}, {"b", false}, {"vendor/x", true}, {"", false}} {
		if got := tree.HasDir(tt.dir); got != tt.want {
			t.Errorf("HasDir(%q) = %v", tt.dir, got)
		}
	}
	if !tree.Has("a/d.md") || tree.Has("a") || tree.Has("a/d") {
		t.Error("Has is wrong")
	}
	if got := tree.Match(func(p string) bool { return strings.HasSuffix(p, ".yaml") }); !reflect.DeepEqual(got, []string{"a/b/c.yaml"}) {
		t.Errorf("Match = %q (third-party files must not match)", got)
	}
	tree.Warn("a/d.md", "problem %d", 1)
	tree.Warn("a/d.md", "problem %d", 1)
	tree.Warn("", "repository problem")
	if got := treeWarnings(tree); !reflect.DeepEqual(got, []string{": repository problem", "a/d.md: problem 1"}) {
		t.Errorf("warnings = %q (want deduplicated, ordered by path)", got)
	}
}

func TestThirdParty(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"main.go", false},
		{".github/workflows/ci.yml", false},
		{".github/CODEOWNERS", false},
		{"docs/runbooks/db.md", false},
		{"deploy/k8s/app.yaml", false},
		{"examples-api/app.yaml", false},
		{"vendor.yaml", false},
		{"internal/testdatafile.go", false},
		{"vendor/github.com/x/y/.github/workflows/ci.yml", true},
		{"node_modules/pkg/package.json", true},
		{"web/node_modules/pkg/.github/workflows/ci.yml", true},
		{"third_party/lib/Makefile", true},
		{"pkg/parser/testdata/alerts.yaml", true},
		{"examples/basic/main.tf", true},
		{"modules/vpc/examples/complete/main.tf", true},
		{"test/fixtures/workflow.yml", true},
		{"infra/.terraform/modules/x/main.tf", true},
		{".venv/lib/python3.12/site-packages/x/setup.py", true},
		{"ios/Pods/x/README.md", true},
		// Inside a source tree, example is a package, not a library's examples.
		{"src/main/java/com/example/App.java", false},
		{"app/src/main/kotlin/com/example/Ok.kt", false},
		{"docs/samples/runbook.md", true},
	}
	for _, tt := range tests {
		if got := thirdParty(tt.path); got != tt.want {
			t.Errorf("thirdParty(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func TestRemoteURLLosesCredentials(t *testing.T) {
	tests := map[string]string{
		"https://user:ghp_secret@github.com/acme/app.git": "https://github.com/acme/app.git",
		"https://github.com/acme/app":                     "https://github.com/acme/app",
		"ssh://git@gitlab.example.com:2222/acme/app.git":  "ssh://gitlab.example.com:2222/acme/app.git",
		"git@github.com:acme/app.git":                     "git@github.com:acme/app.git",
		"/srv/git/app.git":                                "/srv/git/app.git",
	}
	for in, want := range tests {
		if got := publicURL(in); got != want {
			t.Errorf("publicURL(%q) = %q, want %q", in, got, want)
		}
	}
	dir := newTestRepo(t, map[string]string{"a": "1"})
	runTestGit(t, dir, testRepoEpoch, "remote", "add", "origin", "https://bot:token123@github.com/acme/app.git")
	tree := openTestTree(t, dir)
	if tree.Remote != "https://github.com/acme/app.git" {
		t.Errorf("Remote = %q", tree.Remote)
	}
}
