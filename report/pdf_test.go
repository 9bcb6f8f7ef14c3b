package report

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/opslens/opslens/review"
)

// poppler returns the path of a poppler-utils tool, skipping the test when
// it is missing (CI installs them and sets OPSLENS_POPPLER_REQUIRED).
func poppler(t *testing.T, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("OPSLENS_POPPLER_REQUIRED") == "1" {
			t.Fatalf("%s is required (OPSLENS_POPPLER_REQUIRED=1): install poppler-utils", tool)
		}
		t.Skipf("%s not found (Debian's poppler-utils)", tool)
	}
	return p
}

func runTool(t *testing.T, tool string, args ...string) string {
	t.Helper()
	out, err := exec.Command(poppler(t, tool), args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", tool, args, err)
	}
	return string(out)
}

func writePDF(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := PDF(&b, r); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var pagesLine = regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`)

// TestPDF renders each fixture's report and reads it back with poppler:
// the text (against a golden file), the fonts (all embedded), the page
// count and footers, and the contents' page numbers against the pages.
func TestPDF(t *testing.T) {
	all := states(t)
	for _, name := range []string{"report", "milestone", "empty", "evidence"} {
		t.Run(name, func(t *testing.T) {
			path := writePDF(t, Build(all[name], generated))
			text := runTool(t, "pdftotext", "-layout", path, "-")
			golden(t, filepath.Join("testdata", name+".pdf.txt"), []byte(text))

			fonts := runTool(t, "pdffonts", path)
			lines := strings.Split(strings.TrimSpace(fonts), "\n")[2:] // under the header and its rule
			for _, l := range lines {
				if f := strings.Fields(l); len(f) < 5 || f[len(f)-5] != "yes" {
					t.Errorf("font not embedded: %s", l)
				}
			}
			if len(lines) == 0 {
				t.Error("pdffonts lists no font")
			}
			m := pagesLine.FindStringSubmatch(runTool(t, "pdfinfo", path))
			if m == nil {
				t.Fatal("pdfinfo gave no page count")
			}
			pages, _ := strconv.Atoi(m[1])
			for p := 1; p <= pages; p++ {
				if !strings.Contains(text, fmt.Sprintf("Page %d of %d", p, pages)) {
					t.Errorf("no footer on page %d of %d", p, pages)
				}
			}
			checkContents(t, path, pages)
		})
	}
}

var contentsLine = regexp.MustCompile(`(?m)^(\S.*?)\s{2,}(\d+)$`)

// checkContents reads the contents page and checks that each part starts
// on the page it names.
func checkContents(t *testing.T, path string, pages int) {
	t.Helper()
	contents := runTool(t, "pdftotext", "-layout", "-f", "2", "-l", "2", path, "-")
	entries := contentsLine.FindAllStringSubmatch(contents, -1)
	if len(entries) < 3 {
		t.Fatalf("the contents page lists %d parts:\n%s", len(entries), contents)
	}
	for _, e := range entries {
		n, _ := strconv.Atoi(e[2])
		if n < 3 || n > pages {
			t.Errorf("%q on page %d of %d", e[1], n, pages)
			continue
		}
		page := runTool(t, "pdftotext", "-layout", "-f", e[2], "-l", e[2], path, "-")
		if first := strings.TrimSpace(strings.SplitN(strings.TrimSpace(page), "\n", 2)[0]); first != e[1] && !strings.HasPrefix(e[1], first) {
			t.Errorf("the contents put %q on page %d, which starts with %q", e[1], n, first)
		}
	}
}

// The risk chart is drawn: rendering the summary page shows the high-risk
// colour. The same report renders to the same text twice (not always to
// the same bytes: the PDF library writes its font objects in map order).
func TestPDFChartAndDeterminism(t *testing.T) {
	r := Build(states(t)["report"], generated)
	path := writePDF(t, r)
	prefix := filepath.Join(t.TempDir(), "page")
	runTool(t, "pdftoppm", "-png", "-r", "40", "-f", "3", "-l", "3", path, prefix)
	matches, _ := filepath.Glob(prefix + "*.png")
	if len(matches) != 1 {
		t.Fatalf("rendered %v", matches)
	}
	f, err := os.Open(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	red := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr>>8 > 170 && cg>>8 < 90 && cb>>8 < 80 {
				red++
			}
		}
	}
	if r.RiskCounts.High() > 0 && red < 20 {
		t.Errorf("the summary page shows %d high-risk pixels: no chart bar", red)
	}
	again := writePDF(t, r)
	if runTool(t, "pdftotext", "-layout", path, "-") != runTool(t, "pdftotext", "-layout", again, "-") {
		t.Error("the same report gave two PDFs of different text")
	}
}

// With a comparison the PDF gains a part on what changed since the
// milestone, listed in the contents.
func TestPDFComparison(t *testing.T) {
	all := states(t)
	r := Build(all["report"], generated)
	r.Compare("milestone 1 (Kick-off)", review.Compare(all["milestone"].Results, all["report"].Results))
	path := writePDF(t, r)
	text := runTool(t, "pdftotext", "-layout", path, "-")
	golden(t, filepath.Join("testdata", "compare.pdf.txt"), []byte(text))
	m := pagesLine.FindStringSubmatch(runTool(t, "pdfinfo", path))
	pages, _ := strconv.Atoi(m[1])
	checkContents(t, path, pages)
	if !strings.Contains(text, "Changes since milestone 1 (Kick-off)") {
		t.Error("no comparison part")
	}
}
