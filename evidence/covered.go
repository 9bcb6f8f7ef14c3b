package evidence

// Traceable lists the practices for which a repository can hold evidence,
// the rows of the evidence-signals table. The others (leadership, culture,
// staffing, agreements with the business) leave no reliable trace, so a
// scan says nothing about them.
var Traceable = []string{
	"OPS01-BP04", "OPS01-BP05", "OPS01-BP06",
	"OPS02-BP01", "OPS02-BP02", "OPS02-BP05", "OPS02-BP06",
	"OPS03-BP05",
	"OPS04-BP01", "OPS04-BP02", "OPS04-BP03", "OPS04-BP04", "OPS04-BP05",
	"OPS05-BP01", "OPS05-BP02", "OPS05-BP03", "OPS05-BP04", "OPS05-BP05", "OPS05-BP06",
	"OPS05-BP07", "OPS05-BP08", "OPS05-BP09", "OPS05-BP10",
	"OPS06-BP01", "OPS06-BP02", "OPS06-BP03", "OPS06-BP04", "OPS06-BP05", "OPS06-BP06",
	"OPS06-BP07", "OPS06-BP08",
	"OPS07-BP02", "OPS07-BP03", "OPS07-BP04",
	"OPS08-BP02", "OPS08-BP03", "OPS08-BP04", "OPS08-BP06", "OPS08-BP07",
	"OPS10-BP01", "OPS10-BP02", "OPS10-BP03", "OPS10-BP04", "OPS10-BP05", "OPS10-BP06", "OPS10-BP07",
	"OPS11-BP02", "OPS11-BP04", "OPS11-BP08",
}

// Expected lists the practices that live in code when they are followed:
// a workload that claims one and whose repositories show no trace of it
// deserves a second look, so 'opslens check' reports the claim as drift.
// Practices that can as well be followed outside the repository (alerts
// made in a console, runbooks in a wiki) are Traceable but not Expected.
var Expected = []string{
	"OPS04-BP01", "OPS04-BP02", "OPS04-BP05",
	"OPS05-BP01", "OPS05-BP02", "OPS05-BP03", "OPS05-BP04", "OPS05-BP05", "OPS05-BP07", "OPS05-BP10",
	"OPS06-BP03", "OPS06-BP04", "OPS06-BP05", "OPS06-BP07", "OPS06-BP08",
}
