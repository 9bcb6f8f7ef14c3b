package evidence

import (
	"path"
	"strings"
)

// Shell command handling for the pipeline model: a job's script is split
// into simple commands, wrappers (sudo, npx, poetry run, python -m, docker
// run …) are peeled off, and what is left starts with the tool that runs.
// Rules anchored at that start never match an `echo kubectl apply`, an
// `apt-get install trivy` or a comment.

// ciLine is one logical line of a script with its line in the file.
type ciLine struct {
	Line int
	Text string
}

// ciScriptLines splits a script into logical lines: continuation
// backslashes are joined, blank lines and comment lines dropped. first is the
// file line of the script's first line.
func ciScriptLines(script string, first int) []ciLine {
	var out []ciLine
	var cur strings.Builder
	start := first
	for i, raw := range strings.Split(script, "\n") {
		line := strings.TrimRight(raw, " \t\r")
		if cur.Len() == 0 {
			start = first + i
		}
		if cur.Len() > 0 {
			line = strings.TrimLeft(line, " \t")
		}
		if strings.HasSuffix(line, "\\") {
			cur.WriteString(strings.TrimRight(strings.TrimSuffix(line, "\\"), " \t"))
			cur.WriteByte(' ')
			continue
		}
		cur.WriteString(line)
		text := strings.TrimSpace(cur.String())
		cur.Reset()
		if text == "" || strings.HasPrefix(text, "#") || strings.HasPrefix(text, "//") || strings.HasPrefix(text, "REM ") {
			continue
		}
		out = append(out, ciLine{start, text})
	}
	if text := strings.TrimSpace(cur.String()); text != "" && !strings.HasPrefix(text, "#") {
		out = append(out, ciLine{start, text})
	}
	return out
}

// ciSegments splits one command line into simple commands at &&, ||, ;, |
// and &, outside quotes, and returns each as its words.
func ciSegments(line string) [][]string {
	var segs [][]string
	var words []string
	var w strings.Builder
	inWord := false
	flushWord := func() {
		if inWord {
			words = append(words, w.String())
			w.Reset()
			inWord = false
		}
	}
	flushSeg := func() {
		flushWord()
		if len(words) > 0 {
			segs = append(segs, words)
			words = nil
		}
	}
	var quote rune
	subst := 0 // depth inside $( ), whose output we cannot know
	runes := []rune(line)
	for i, r := range runes {
		switch {
		case subst > 0:
			if r == '(' {
				subst++
			} else if r == ')' {
				subst--
			}
		case quote == 0 && r == '$' && i+1 < len(runes) && runes[i+1] == '(':
			subst = 0 // the ( that follows opens it
			inWord = true
		case quote == 0 && r == '(' && i > 0 && runes[i-1] == '$':
			subst = 1
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				w.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote = r
			inWord = true
		case r == ' ' || r == '\t':
			flushWord()
		case r == '&' || r == '|' || r == ';':
			flushSeg()
		case r == '#' && !inWord:
			flushSeg()
			return segs // a comment runs to the end of the line
		case r == '(' || r == ')' || r == '`':
			flushWord()
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	flushSeg()
	return segs
}

// ciShellPrefixes are words that run the command after them.
var ciShellPrefixes = map[string]bool{
	"sudo": true, "time": true, "exec": true, "command": true, "env": true, "nohup": true,
	"npx": true, "bunx": true, "pnpx": true, "uvx": true, "pipx": true, "then": true, "do": true,
	"else": true, "!": true, "{": true, "xvfb-run": true, "timeout": true, "retry": true,
}

// ciRunners are "tool subcommand" pairs that run the command after them.
var ciRunners = map[string]map[string]bool{
	"poetry": {"run": true}, "uv": {"run": true}, "pipenv": {"run": true}, "pdm": {"run": true},
	"bundle": {"exec": true}, "pnpm": {"exec": true, "dlx": true}, "yarn": {"dlx": true, "exec": true},
	"npm": {"exec": true}, "go": {"run": true, "tool": true}, "dotnet": {"tool": true},
	"pipx": {"run": true}, "rye": {"run": true}, "hatch": {"run": true},
}

// ciNormalize peels wrappers off a simple command and returns its words,
// tool first, with the tool's directory dropped (./gradlew → gradlew).
func ciNormalize(words []string) []string { return ciToolWords(ciPeel(words)) }

// ciPeel peels wrappers off a simple command and returns the words from the
// tool on, as written (a script path keeps its directory).
func ciPeel(words []string) []string {
	for guard := 0; len(words) > 0 && guard < 8; guard++ {
		w := words[0]
		switch {
		case strings.Contains(w, "=") && !strings.HasPrefix(w, "-") && !strings.HasPrefix(w, "="):
			words = words[1:] // VAR=value
		case ciShellPrefixes[w]:
			words = ciSkipFlags(words[1:])
		case ciRunners[w] != nil && len(words) > 1 && ciRunners[w][words[1]]:
			words = ciSkipFlags(words[2:])
			if w == "dotnet" && len(words) > 0 && words[0] == "run" {
				words = words[1:]
			}
		case (w == "python" || w == "python3" || w == "py" || strings.HasPrefix(w, "python3.")) && len(words) > 2 && words[1] == "-m":
			words = words[2:]
		case w == "docker" || w == "podman":
			img := ciDockerRunImage(words)
			if img == nil {
				return words
			}
			words = img
		default:
			return words
		}
	}
	return words
}

func ciSkipFlags(words []string) []string {
	for len(words) > 0 && strings.HasPrefix(words[0], "-") {
		if (words[0] == "-p" || words[0] == "--package" || words[0] == "-k" || words[0] == "-s") && len(words) > 1 {
			words = words[1:]
		}
		words = words[1:]
	}
	return words
}

// ciToolWords cleans the tool word: drops directories, versions of go run
// module paths (golang.org/x/vuln/cmd/govulncheck@latest → govulncheck),
// Windows suffixes and the wrapper names of Maven and Gradle.
func ciToolWords(words []string) []string {
	if len(words) == 0 {
		return nil
	}
	out := append([]string(nil), words...)
	tool := out[0]
	if at := strings.IndexByte(tool, '@'); at > 0 {
		tool = tool[:at]
	}
	tool = path.Base(strings.ReplaceAll(tool, "\\", "/"))
	tool = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(tool, ".exe"), ".bat"), ".cmd")
	switch tool {
	case "mvnw":
		tool = "mvn"
	case "gradlew":
		tool = "gradle"
	case "py.test":
		tool = "pytest"
	}
	out[0] = tool
	return out
}

// ciDockerRunImage returns the words after the image of `docker run
// [flags] image args…`, with the image's short name first, or nil.
func ciDockerRunImage(words []string) []string {
	if len(words) < 3 || words[1] != "run" {
		return nil
	}
	valued := map[string]bool{"-v": true, "-e": true, "-w": true, "-u": true, "-p": true, "--volume": true,
		"--env": true, "--workdir": true, "--name": true, "--entrypoint": true, "--network": true,
		"--user": true, "--platform": true, "--env-file": true, "--mount": true, "--net": true}
	for i := 2; i < len(words); i++ {
		w := words[i]
		if strings.HasPrefix(w, "-") {
			if valued[w] {
				i++
			}
			continue
		}
		img := w
		if c := strings.LastIndexByte(img, ':'); c > strings.LastIndexByte(img, '/') {
			img = img[:c]
		}
		img = path.Base(img)
		return append([]string{img}, words[i+1:]...)
	}
	return nil
}

// ciIsEchoOnly reports whether a line only prints or sets things: such a
// script does nothing a detector counts.
func ciIsEchoOnly(line string) bool {
	for _, seg := range ciSegments(line) {
		w := ciNormalize(seg)
		if len(w) == 0 {
			continue
		}
		switch strings.ToLower(w[0]) {
		case "echo", "printf", "write-host", "write-output", "exit", "true", "false", ":", "sleep", "cat", "ls", "pwd", "export", "set", "cd":
			continue
		}
		return false
	}
	return true
}
