// Package ledger keeps double-entry balances in memory.
package ledger

import (
	"encoding/json"
	"net/http"
	"sync"

	"github.com/shopspring/decimal"
)

// Entry moves an amount from one account to another.
type Entry struct {
	From, To string
	Amount   decimal.Decimal
}

// Store holds balances per account.
type Store struct {
	mu       sync.Mutex
	balances map[string]decimal.Decimal
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{balances: map[string]decimal.Decimal{}} }

// Apply books an entry on both accounts.
func (s *Store) Apply(e Entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.balances[e.From] = s.balances[e.From].Sub(e.Amount)
	s.balances[e.To] = s.balances[e.To].Add(e.Amount)
}

// Balance returns an account's balance.
func (s *Store) Balance(account string) decimal.Decimal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.balances[account]
}

// PostEntry books the entry in the request body.
func PostEntry(s *Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var e Entry
		if err := json.NewDecoder(r.Body).Decode(&e); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.Apply(e)
		w.WriteHeader(http.StatusCreated)
	}
}

// GetBalance writes an account's balance.
func GetBalance(s *Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{"balance": s.Balance(r.PathValue("account")).String()})
	}
}
