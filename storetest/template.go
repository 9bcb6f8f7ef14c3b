package storetest

import (
	"testing"

	"github.com/opslens/opslens"
)

var templateTests = []test{
	{"CreateGetListDelete", testTemplates},
}

func testTemplates(t *testing.T, s opslens.Store) {
	a := answerSelected("q1", "c1", "c2")
	a.Notes = "the incident process is company-wide"
	tm := &opslens.Template{Name: "Company-wide", Description: "settled once", LensAlias: builtinLens, Answers: []opslens.Answer{a}}
	must(t, s.CreateTemplate(t.Context(), tm), "create")
	if tm.ID == 0 || tm.CreatedAt.IsZero() {
		t.Fatalf("created %+v", tm)
	}
	wantCode(t, s.CreateTemplate(t.Context(), &opslens.Template{Name: "company-WIDE", LensAlias: builtinLens, Answers: tm.Answers}), opslens.ECONFLICT, "a taken name")
	for _, bad := range []opslens.Template{
		{Name: "x", LensAlias: builtinLens, Answers: tm.Answers},
		{Name: "no-lens", Answers: tm.Answers},
		{Name: "empty", LensAlias: builtinLens},
		{Name: "bad-status", LensAlias: builtinLens, Answers: []opslens.Answer{{QuestionID: "q1", IsApplicable: true, Choices: []opslens.ChoiceAnswer{{ChoiceID: "c1", Status: "DONE"}}}}},
	} {
		wantCode(t, s.CreateTemplate(t.Context(), &bad), opslens.EINVALID, "template "+bad.Name)
	}
	got, err := s.Template(t.Context(), "company-wide")
	must(t, err, "get")
	if !reflectEqual(*got, *tm) {
		t.Fatalf("template:\n got %+v\nwant %+v", *got, *tm)
	}
	all, err := s.Templates(t.Context())
	must(t, err, "list")
	if len(all) != 1 || all[0].Name != "Company-wide" {
		t.Fatalf("templates: %+v", all)
	}
	must(t, s.DeleteTemplate(t.Context(), "COMPANY-wide"), "delete")
	_, err = s.Template(t.Context(), "Company-wide")
	wantCode(t, err, opslens.ENOTFOUND, "a deleted template")
	wantCode(t, s.DeleteTemplate(t.Context(), "Company-wide"), opslens.ENOTFOUND, "delete twice")
}
