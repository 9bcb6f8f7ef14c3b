package ledger

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestApplyBalances(t *testing.T) {
	s := NewStore()
	s.Apply(Entry{From: "a", To: "b", Amount: decimal.NewFromInt(5)})
	if got := s.Balance("b"); !got.Equal(decimal.NewFromInt(5)) {
		t.Errorf("balance b = %s", got)
	}
	if got := s.Balance("a"); !got.Equal(decimal.NewFromInt(-5)) {
		t.Errorf("balance a = %s", got)
	}
}
