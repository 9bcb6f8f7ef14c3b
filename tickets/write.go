package tickets

import (
	"io"

	"github.com/opslens/opslens"
)

// Write renders tickets for a target (opslens.TicketsGitHub, …).
func Write(w io.Writer, target string, ts []Ticket, m Meta) error {
	switch target {
	case opslens.TicketsGitHub:
		return WriteGitHub(w, ts, m)
	case opslens.TicketsGitLab:
		return WriteGitLab(w, ts)
	case opslens.TicketsJiraCSV:
		return WriteJiraCSV(w, ts)
	case opslens.TicketsCSV:
		return WriteCSV(w, ts)
	}
	return opslens.ValidateTicketTarget(target)
}
