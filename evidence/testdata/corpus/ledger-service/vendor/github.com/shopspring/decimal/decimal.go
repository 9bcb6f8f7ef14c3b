// Package decimal is vendored; only the API the ledger uses is kept here.
package decimal

type Decimal struct{ v int64 }

func NewFromInt(v int64) Decimal        { return Decimal{v} }
func (d Decimal) Add(o Decimal) Decimal { return Decimal{d.v + o.v} }
func (d Decimal) Sub(o Decimal) Decimal { return Decimal{d.v - o.v} }
func (d Decimal) Equal(o Decimal) bool  { return d.v == o.v }
func (d Decimal) String() string        { return "" }
