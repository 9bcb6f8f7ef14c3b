package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opslens/opslens"
)

// CreateWebhook stores a webhook.
func (db *DB) CreateWebhook(ctx context.Context, h *opslens.Webhook) error {
	if err := h.Validate(); err != nil {
		return err
	}
	created := stamp(h.CreatedAt)
	return db.write(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO webhooks (url, secret, events, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			h.URL, h.Secret, h.Events, created).Scan(&h.ID)
		if err != nil {
			return fmt.Errorf("add webhook: %w", err)
		}
		h.CreatedAt = created
		return audit(ctx, tx, 0, opslens.AuditWebhookAdd, h.URL, `["`+strings.Join(h.Events, `","`)+`"]`)
	})
}

// Webhooks lists the webhooks by ID.
func (db *DB) Webhooks(ctx context.Context) ([]opslens.Webhook, error) {
	var out []opslens.Webhook
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanWebhook, `SELECT id, url, secret, events, created_at FROM webhooks ORDER BY id`)
		return err
	})
	return out, err
}

// DeleteWebhook removes a webhook.
func (db *DB) DeleteWebhook(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		var url string
		err := tx.QueryRow(ctx, `DELETE FROM webhooks WHERE id = $1 RETURNING url`, id).Scan(&url)
		if errors.Is(err, pgx.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "no webhook with ID %d", id)
		}
		if err != nil {
			return err
		}
		return audit(ctx, tx, 0, opslens.AuditWebhookDel, url, "")
	})
}

func scanWebhook(s scanner) (opslens.Webhook, error) {
	var h opslens.Webhook
	return h, s.Scan(&h.ID, &h.URL, &h.Secret, &h.Events, &h.CreatedAt)
}
