package evidence

import (
	"context"
	"fmt"
	"os"
	"testing"
)

func TestZZDump(t *testing.T) {
	dir := os.Getenv("CIDBG")
	if dir == "" {
		t.Skip()
	}
	tree, err := OpenTree(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	m := ciModelOf(tree)
	for _, p := range m.Pipelines {
		fmt.Printf("PIPE %s %s %q lib=%v trig=%+v refs=%v\n", p.Path, p.System, p.Name, p.Library, p.Triggers, p.Refs)
		for _, j := range p.Jobs {
			fmt.Printf("  JOB %q line=%d stage=%q needs=%v after=%d cond=%+v manual=%v envs=%v\n", j.Name, j.Line, j.Stage, j.Needs, len(j.After), j.Cond, j.Manual, j.Envs)
			for _, s := range j.Steps {
				fmt.Printf("    %s:%d %s %q %v\n", s.Path, s.Line, s.Kind, s.Text, s.Tools)
			}
		}
	}
	for _, d := range Detectors() {
		for _, h := range d.Run(context.Background(), tree) {
			fmt.Printf("HIT %s %s %s %s:%d %s\n", d.Name, h.Practice, h.Confidence, h.Proof.Path, h.Proof.Line, h.Proof.Summary)
		}
	}
	for _, w := range tree.Warnings() {
		fmt.Println("WARN", w)
	}
}
