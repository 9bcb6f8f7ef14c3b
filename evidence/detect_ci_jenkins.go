package evidence

import (
	"path"
	"strings"
)

// Jenkins: declarative and scripted Jenkinsfiles read through the Groovy
// block reader. Stages become jobs that run one after another (parallel
// branches side by side); `when` and `if` conditions, `input` gates and the
// sh/bat/powershell commands are read.

func init() {
	ciParsers = append(ciParsers, ciParser{system: "Jenkins", match: ciIsJenkinsfile, parse: ciParseJenkins})
}

func ciIsJenkinsfile(p string) bool {
	b := path.Base(p)
	lb := strings.ToLower(b)
	if strings.HasSuffix(lb, ".md") || strings.HasSuffix(lb, ".txt") {
		return false
	}
	return b == "Jenkinsfile" || strings.HasPrefix(b, "Jenkinsfile.") || strings.HasSuffix(lb, ".jenkinsfile") || strings.HasSuffix(lb, ".jenkinsfile.groovy")
}

// ciJenkinsNodes returns the block structure of a Jenkinsfile, cached.
func ciJenkinsNodes(t *Tree, p string) []*groovyNode {
	v, err := t.parsed(p, "ci-groovy", func(_ string, data []byte) (any, error) {
		return groovyParse(groovyLex(string(data))), nil
	})
	if err != nil {
		return nil
	}
	return v.([]*groovyNode)
}

func ciParseJenkins(t *Tree, files []string) []*ciPipeline {
	var out []*ciPipeline
	for _, f := range files {
		nodes := ciJenkinsNodes(t, f)
		if len(nodes) == 0 {
			continue
		}
		out = append(out, ciJenkinsPipeline(f, nodes))
	}
	return out
}

// ciJenkinsPipeline builds the model of one Jenkinsfile.
func ciJenkinsPipeline(f string, nodes []*groovyNode) *ciPipeline {
	b := &ciJenkinsBuilder{p: &ciPipeline{Path: f, System: "Jenkins", Name: ciFileBase(f), Line: 1,
		Triggers: ciTriggers{Push: true, Implicit: true}}}
	if b.p.Name == "Jenkinsfile" {
		b.p.Name = f
	}
	b.walk(nodes, nil, ciCond{}, nil, 0)
	return b.p
}

type ciJenkinsBuilder struct {
	p     *ciPipeline
	loose *ciJob // steps written outside any stage
}

// walk reads a list of statements in order. prev are the stages that run
// before these; it returns the stages that have run after them. cur is
// the stage that loose steps belong to (nil outside stages).
func (b *ciJenkinsBuilder) walk(nodes []*groovyNode, prev []string, cond ciCond, cur *ciJob, depth int) []string {
	if depth > 100 {
		return prev
	}
	for _, n := range nodes {
		switch n.Name {
		case "stage":
			if !n.HasBody {
				// old scripted style: stage 'x' then its statements
				cur = b.newStage(n, prev, cond)
				prev = []string{cur.Name}
				continue
			}
			prev = b.stage(n, prev, cond, depth)
		case "parallel":
			var all []string
			for _, c := range n.Body {
				body := []*groovyNode{c}
				if c.Name != "stage" {
					// scripted parallel branches: 'name': { … }
					body = c.Body
				}
				all = append(all, b.walk(body, prev, cond, cur, depth+1)...)
			}
			if len(n.Body) == 0 {
				continue
			}
			prev = ciAddUnique(nil, all...)
		case "if":
			b.walk(n.Body, prev, cond.merge(ciParseCond(n.raw())), cur, depth+1)
		case "failure", "unsuccessful", "catch":
			// post { failure { … } } and catch blocks run when a step failed
			fc := cond
			fc.OnFailure = true
			b.walk(n.Body, prev, fc, cur, depth+1)
		case "triggers":
			b.triggers(n)
		case "properties":
			if strings.Contains(n.raw(), "cron") {
				b.p.Triggers.Schedule = true
			}
		case "library":
			b.p.Refs = append(b.p.Refs, ciRef{Path: b.p.Path, Line: n.Line, Text: "library " + n.arg("identifier"), External: true, Kind: "library"})
		default:
			if n.Name == "Library" && len(n.Args) > 0 {
				b.p.Refs = append(b.p.Refs, ciRef{Path: b.p.Path, Line: n.Line, Text: "@Library('" + n.Args[0].Val + "')", External: true, Kind: "library"})
				continue
			}
			job := cur
			if job == nil {
				if !ciJenkinsIsStep(n) {
					if n.HasBody {
						prev = b.walk(n.Body, prev, cond, cur, depth+1)
					}
					continue
				}
				job = b.looseJob(n)
			}
			if b.step(job, n, cond) && n.HasBody {
				prev = b.walk(n.Body, prev, cond, cur, depth+1)
			}
		}
	}
	return prev
}

// stage reads a stage with a body: a container of nested stages, or a
// leaf whose steps form one job.
func (b *ciJenkinsBuilder) stage(n *groovyNode, prev []string, cond ciCond, depth int) []string {
	for _, c := range n.Body {
		if c.Name == "when" {
			cond = cond.merge(ciJenkinsWhen(c, 0))
		}
	}
	for _, c := range n.Body {
		if c.Name == "stages" || c.Name == "parallel" {
			return b.walk([]*groovyNode{c}, prev, cond, nil, depth+1)
		}
	}
	j := b.newStage(n, prev, cond)
	for _, c := range n.Body {
		switch c.Name {
		case "when", "agent", "environment", "options", "tools":
		case "input":
			j.Manual, j.Gate = true, "an input step"
		default:
			if b.step(j, c, cond) && c.HasBody {
				b.walk(c.Body, prev, cond, j, depth+1)
			}
		}
	}
	return []string{j.Name}
}

func (b *ciJenkinsBuilder) newStage(n *groovyNode, prev []string, cond ciCond) *ciJob {
	name := ciOr(n.arg("name"), "stage")
	j := &ciJob{Name: name, Path: b.p.Path, Line: n.Line, Needs: append([]string(nil), prev...), Cond: cond}
	b.p.Jobs = append(b.p.Jobs, j)
	return j
}

// ciLooseJob names the job of a Jenkinsfile's steps outside stages.
const ciLooseJob = "(outside stages)"

// looseJob is the job for steps outside stages, made on first use.
func (b *ciJenkinsBuilder) looseJob(n *groovyNode) *ciJob {
	if b.loose == nil {
		b.loose = &ciJob{Name: ciLooseJob, Path: b.p.Path, Line: n.Line}
		b.p.Jobs = append(b.p.Jobs, b.loose)
	}
	return b.loose
}

// ciJenkinsStructural are calls that only hold other statements or set
// things up; they are not steps worth classifying.
var ciJenkinsStructural = map[string]bool{
	"pipeline": true, "node": true, "steps": true, "script": true, "dir": true, "withCredentials": true,
	"withEnv": true, "timeout": true, "retry": true, "else": true, "for": true, "while": true, "try": true,
	"catch": true, "finally": true, "def": true, "return": true, "println": true, "print": true, "echo": true,
	"stages": true, "post": true, "always": true, "success": true, "failure": true, "unstable": true,
	"changed": true, "cleanup": true, "aborted": true, "fixed": true, "regression": true, "agent": true,
	"environment": true, "options": true, "tools": true, "parameters": true, "error": true,
	"archiveArtifacts": true, "stash": true, "unstash": true, "checkout": true, "git": true, "deleteDir": true,
	"cleanWs": true, "sleep": true, "readFile": true, "writeFile": true, "fileExists": true, "withAWS": true,
	"sshagent": true, "container": true, "currentBuild": true, "env": true, "params": true, "string": true,
	"booleanParam": true, "choice": true, "credentials": true, "label": true, "docker": true, "wrap": true,
	"catchError": true, "warnError": true, "mail": true, "emailext": true, "slackSend": true, "ansiColor": true,
	"timestamps": true, "withMaven": true, "nodejs": true, "withGradle": true, "lock": true, "milestone": true,
	"throw": true, "new": true, "in": true, "true": true, "false": true, "null": true, "this": true,
	"switch": true, "case": true, "default": true, "when": true, "matrix": true, "axes": true, "axis": true,
	"values": true, "name": true, "buildDiscarder": true, "logRotator": true, "disableConcurrentBuilds": true,
	"skipDefaultCheckout": true, "import": true, "it": true, "each": true, "inside": true,
}

// step records what one statement does in job j; it returns whether the
// statement's body should be read for more steps.
func (b *ciJenkinsBuilder) step(j *ciJob, n *groovyNode, cond ciCond) bool {
	switch n.Name {
	case "sh", "bat", "powershell", "pwsh":
		script := n.arg("script")
		for _, l := range ciScriptLines(script, n.Line) {
			j.Steps = append(j.Steps, ciStep{Path: b.p.Path, Line: l.Line, Kind: ciRun, Text: l.Text, Cond: cond})
		}
		return false
	case "input":
		j.Manual, j.Gate = true, "an input step"
		return false
	case "step":
		if cls := n.arg("$class"); cls != "" {
			j.Steps = append(j.Steps, ciStep{Path: b.p.Path, Line: n.Line, Kind: ciUses, Text: cls, Cond: cond})
		} else if strings.Contains(n.raw(), "$class") {
			j.Steps = append(j.Steps, ciStep{Path: b.p.Path, Line: n.Line, Kind: ciUses, Text: ciJenkinsClass(n.raw()), Cond: cond})
		}
		return false
	}
	if n.Name == "" || ciJenkinsStructural[n.Name] || strings.HasPrefix(n.Name, "env.") || strings.HasPrefix(n.Name, "params.") {
		return true
	}
	if len(n.Args) > 0 || n.HasBody || (len(n.Toks) > 1 && n.Toks[1].Text == "(") {
		j.Steps = append(j.Steps, ciStep{Path: b.p.Path, Line: n.Line, Kind: ciUses, Text: n.Name, Cond: cond})
	}
	return true
}

// ciJenkinsIsStep reports whether a statement records a step.
func ciJenkinsIsStep(n *groovyNode) bool {
	switch n.Name {
	case "sh", "bat", "powershell", "pwsh", "input", "step":
		return true
	}
	if n.Name == "" || ciJenkinsStructural[n.Name] || strings.HasPrefix(n.Name, "env.") || strings.HasPrefix(n.Name, "params.") {
		return false
	}
	return len(n.Args) > 0 || n.HasBody || (len(n.Toks) > 1 && n.Toks[1].Text == "(")
}

// ciJenkinsClass pulls the class name out of step([$class: 'Name', …]).
func ciJenkinsClass(raw string) string {
	_, after, ok := strings.Cut(raw, "$class")
	if !ok {
		return ""
	}
	if i := strings.IndexByte(after, '\''); i >= 0 {
		rest := after[i+1:]
		if k := strings.IndexByte(rest, '\''); k >= 0 {
			return rest[:k]
		}
	}
	return ""
}

// ciJenkinsWhen reads a declarative when { } block.
func ciJenkinsWhen(n *groovyNode, depth int) ciCond {
	var c ciCond
	if depth > 20 {
		return c
	}
	for _, d := range n.Body {
		switch d.Name {
		case "branch":
			if pat := d.arg("pattern"); pat != "" {
				c.Branches = ciAddUnique(c.Branches, pat)
			} else if a := d.arg(""); a != "" {
				c.Branches = ciAddUnique(c.Branches, a)
			}
		case "not":
			inner := ciJenkinsWhen(d, depth+1)
			for _, br := range inner.Branches {
				c.Branches = ciAddUnique(c.Branches, "!"+br)
			}
		case "anyOf", "allOf":
			c = c.merge(ciJenkinsWhen(d, depth+1))
		case "buildingTag", "tag":
			c.TagsOnly = true
		case "changeRequest":
			c.PROnly = true
		case "triggeredBy":
			raw := d.raw()
			c.Schedule = c.Schedule || strings.Contains(raw, "Timer")
			c.ManualOnly = c.ManualOnly || strings.Contains(raw, "UserId")
		case "expression", "environment":
			c = c.merge(ciParseCond(d.raw()))
		}
	}
	return c
}

// triggers reads a declarative triggers { } block.
func (b *ciJenkinsBuilder) triggers(n *groovyNode) {
	for _, c := range n.Body {
		switch c.Name {
		case "cron", "parameterizedCron":
			b.p.Triggers.Schedule = true
			b.p.Triggers.Line = c.Line
		}
	}
}
