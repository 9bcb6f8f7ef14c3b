package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/opslens/opslens"
)

// CreateWebhook stores a webhook.
func (db *DB) CreateWebhook(ctx context.Context, h *opslens.Webhook) error {
	if err := h.Validate(); err != nil {
		return err
	}
	events, err := json.Marshal(h.Events)
	if err != nil {
		return err
	}
	created := stamp(h.CreatedAt)
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO webhooks (url, secret, events, created_at) VALUES (?, ?, ?, ?)`,
			h.URL, h.Secret, string(events), formatTime(created))
		if err != nil {
			return fmt.Errorf("add webhook: %w", err)
		}
		if h.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		h.CreatedAt = created
		return audit(ctx, tx, 0, opslens.AuditWebhookAdd, h.URL, string(events))
	})
}

// Webhooks lists the webhooks by ID.
func (db *DB) Webhooks(ctx context.Context) ([]opslens.Webhook, error) {
	var out []opslens.Webhook
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = db.webhooks(ctx, tx)
		return err
	})
	return out, err
}

func (db *DB) webhooks(ctx context.Context, tx *sql.Tx) ([]opslens.Webhook, error) {
	return queryAll(ctx, tx, func(s scanner) (opslens.Webhook, error) {
		var h opslens.Webhook
		var events, created string
		if err := s.Scan(&h.ID, &h.URL, &h.Secret, &events, &created); err != nil {
			return h, err
		}
		if err := json.Unmarshal([]byte(events), &h.Events); err != nil {
			return h, fmt.Errorf("webhook %d events: %w", h.ID, err)
		}
		var err error
		h.CreatedAt, err = parseTime(created)
		return h, err
	}, `SELECT id, url, secret, events, created_at FROM webhooks ORDER BY id`)
}

// DeleteWebhook removes a webhook.
func (db *DB) DeleteWebhook(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var url string
		err := tx.QueryRowContext(ctx, `DELETE FROM webhooks WHERE id = ? RETURNING url`, id).Scan(&url)
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "no webhook with ID %d", id)
		}
		if err != nil {
			return err
		}
		return audit(ctx, tx, 0, opslens.AuditWebhookDel, url, "")
	})
}
