package audit

import "go.uber.org/zap"

// Logger records who did what.
type Logger struct{ z *zap.Logger }

// AccountDeleted records an account deletion.
func (l Logger) AccountDeleted(userID, accountID string) {
	auditLog := l.z.Named("audit")
	auditLog.Info("account deleted",
		zap.String("user_id", userID),
		zap.String("account_id", accountID))
}
