package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/page"
	mrow "github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"github.com/johnfercher/maroto/v2/pkg/repository"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// The PDF report is for print: A4, the Go fonts embedded (so it reads the
// same everywhere and its text can be selected and searched), page numbers
// in the footer, a contents page, and each part starting on a new page.

// pdfFont is the family the report's embedded fonts are registered under.
const pdfFont = "go"

// pdfSection is one part of the report: its title (in the contents) and
// its rows.
type pdfSection struct {
	title string
	rows  []core.Row
}

// PDF writes the report as a PDF document.
func PDF(w io.Writer, r *Report) error {
	fonts, err := pdfFonts()
	if err != nil {
		return err
	}
	sections, err := pdfSections(r)
	if err != nil {
		return err
	}
	// The contents need each part's first page: count the pages each part
	// takes by laying it out alone with the same settings.
	starts := make([]int, len(sections))
	next := 3 // the cover is page 1, the contents page 2
	for i, s := range sections {
		starts[i] = next
		next += pdfPages(fonts, r, s.rows)
	}
	m := maroto.New(reviewConfig(fonts, r, true))
	m.AddRows(pdfCover(r)...)
	m.AddPages(page.New().Add(pdfContents(sections, starts)...))
	for _, s := range sections {
		m.AddPages(page.New().Add(s.rows...))
	}
	doc, err := m.Generate()
	if err != nil {
		return fmt.Errorf("lay out the PDF report: %w", err)
	}
	_, err = w.Write(doc.GetBytes())
	return err
}

// pdfFonts loads the Go fonts the reports embed.
func pdfFonts() ([]*entity.CustomFont, error) {
	fonts, err := repository.New().
		AddUTF8FontFromBytes(pdfFont, fontstyle.Normal, goregular.TTF).
		AddUTF8FontFromBytes(pdfFont, fontstyle.Bold, gobold.TTF).
		AddUTF8FontFromBytes(pdfFont, fontstyle.Italic, goitalic.TTF).
		AddUTF8FontFromBytes(pdfFont, fontstyle.BoldItalic, gobold.TTF).
		Load()
	if err != nil {
		return nil, fmt.Errorf("load the report's fonts: %w", err)
	}
	return fonts, nil
}

func mrowNew() core.Row { return mrow.New() }

func reviewConfig(fonts []*entity.CustomFont, r *Report, numbered bool) *entity.Config {
	return pdfConfig(fonts, "Operational Excellence review: "+r.Workload.Name, r.GeneratedAt, numbered)
}

func pdfConfig(fonts []*entity.CustomFont, title string, at time.Time, numbered bool) *entity.Config {
	b := config.NewBuilder().
		WithPageSize(pagesize.A4).
		WithLeftMargin(18).WithRightMargin(18).WithTopMargin(16).WithBottomMargin(14).
		WithCustomFonts(fonts).
		WithDefaultFont(&props.Font{Family: pdfFont, Size: 10}).
		WithTitle(title, true).
		WithSubject("Well-Architected review of the Operational Excellence pillar", true).
		WithAuthor("opslens", true).
		WithCreator("opslens", true).
		WithCreationDate(at).
		WithSequentialMode()
	if numbered {
		b = b.WithPageNumber(props.PageNumber{Pattern: "Page {current} of {total}", Place: props.RightBottom, Family: pdfFont, Size: 8, Color: &grey})
	}
	return b.Build()
}

// pdfPages lays rows out alone and counts the pages they fill.
func pdfPages(fonts []*entity.CustomFont, r *Report, rows []core.Row) int {
	m := maroto.New(reviewConfig(fonts, r, true))
	m.AddRows(rows...)
	n := 0
	for range m.GetStructure().GetNexts() {
		n++
	}
	return max(n, 1)
}

var (
	grey = props.Color{Red: 110, Green: 110, Blue: 110}
)

func pdfHeading(s string, size float64) core.Row {
	return mrow.New().Add(text.NewCol(12, s, props.Text{Size: size, Style: fontstyle.Bold, Top: 3, Bottom: 2}))
}

func pdfPara(s string, ps ...props.Text) core.Row {
	p := props.Text{Size: 10, Bottom: 1.5}
	if len(ps) > 0 {
		p = ps[0]
	}
	return mrow.New().Add(text.NewCol(12, s, p))
}

func pdfSmall(s string) core.Row {
	return pdfPara(s, props.Text{Size: 8.5, Color: &grey, Bottom: 1})
}

// fact is a label and its value, side by side.
func pdfFact(label, value string) core.Row {
	return mrow.New().Add(
		text.NewCol(3, label, props.Text{Size: 10, Style: fontstyle.Bold, Bottom: 1.5}),
		text.NewCol(9, value, props.Text{Size: 10, Bottom: 1.5}),
	)
}

func pdfSpace(h float64) core.Row { return mrow.New(h) }

func pdfCover(r *Report) []core.Row {
	rows := []core.Row{
		pdfSpace(30),
		pdfPara("Well-Architected review · Operational Excellence", props.Text{Size: 12, Color: &grey}),
		pdfPara(r.Workload.Name, props.Text{Size: 28, Style: fontstyle.Bold, Top: 2, Bottom: 4}),
		pdfPara(r.Summary(), props.Text{Size: 11, Bottom: 8}),
	}
	state := "Current review, as of " + r.GeneratedAt.Format(time.DateOnly)
	if m := r.Milestone; m != nil {
		state = fmt.Sprintf("Milestone %d, %q, recorded %s", m.Number, m.Name, m.RecordedAt.Format(time.DateOnly))
	}
	rows = append(rows, pdfFact("Review", state))
	w := r.Workload
	for _, f := range [][2]string{
		{"Description", w.Description}, {"Environment", strings.ToLower(w.Environment)}, {"Owner", w.Owner},
		{"Review owner", w.ReviewOwner}, {"Locations", strings.Join(w.Locations, ", ")},
		{"Industry", strings.TrimSpace(w.Industry + " " + w.IndustryType)}, {"Architecture", w.ArchitecturalDesign},
		{"Tags", strings.Join(tagList(w.Tags), ", ")}, {"Lenses", strings.Join(w.Lenses, ", ")},
	} {
		if f[1] != "" {
			rows = append(rows, pdfFact(f[0], f[1]))
		}
	}
	return append(rows, pdfSpace(10), pdfSmall(fmt.Sprintf("Generated by opslens on %s UTC.", r.GeneratedAt.Format("2006-01-02 15:04"))))
}

func pdfContents(sections []pdfSection, starts []int) []core.Row {
	rows := []core.Row{pdfHeading("Contents", 18)}
	for i, s := range sections {
		rows = append(rows, mrow.New().Add(
			text.NewCol(10, s.title, props.Text{Size: 11, Bottom: 2}),
			text.NewCol(2, fmt.Sprint(starts[i]), props.Text{Size: 11, Bottom: 2, Align: "R"}),
		))
	}
	return rows
}
