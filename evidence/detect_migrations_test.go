package evidence

import "testing"

func TestMigOneFile(t *testing.T) {
	tests := []struct {
		name, path, src string
		tool            string
		rev             bool
		line            int
		ok              bool
	}{
		{"goose with down", "m/1.sql", "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\n-- +goose StatementBegin\nDROP TABLE a;\n-- +goose StatementEnd\n", "goose", true, 5, true},
		{"goose empty down", "m/1.sql", "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\n-- nothing to undo\n", "goose", false, 0, true},
		{"dbmate", "m/1.sql", "-- migrate:up\ncreate table a (id int);\n-- migrate:down\n/* undo */\ndrop table a;\n", "dbmate", true, 5, true},
		{"sql-migrate", "m/1.sql", "-- +migrate Up\nCREATE TABLE a (id int);\n\n-- +migrate Down\nDROP TABLE a;\n", "sql-migrate", true, 5, true},
		{"plain SQL is no migration tool", "m/1.sql", "CREATE TABLE a (id int);\n", "", false, 0, false},
		{"liquibase formatted SQL", "m/c.sql", "--liquibase formatted sql\n--changeset jane:1\nCREATE TABLE a (id int);\n--rollback DROP TABLE a;\n", "Liquibase", true, 4, true},
		{"liquibase XML without rollback", "db/changelog/c.xml", "<databaseChangeLog>\n<changeSet id=\"1\" author=\"j\">\n<createTable tableName=\"a\"/>\n</changeSet>\n</databaseChangeLog>\n", "Liquibase", false, 0, true},
		{"alembic downgrade with docstring and body", "alembic/versions/a.py", "def upgrade():\n    op.add_column('t', c)\n\n\ndef downgrade():\n    '''\n    Remove it.\n    '''\n    # the column\n    op.drop_column('t', 'c')\n", "Alembic", true, 10, true},
		{"alembic downgrade that passes", "alembic/versions/a.py", "def upgrade():\n    op.execute('x')\n\n\ndef downgrade():\n    \"\"\"Irreversible.\"\"\"\n    pass\n\n\ndef other():\n    op.execute('y')\n", "Alembic", false, 0, true},
		{"rails change", "db/migrate/1_a.rb", "class A < ActiveRecord::Migration[7.0]\n  def change\n    add_column :t, :c, :string\n  end\nend\n", "Rails", true, 2, true},
		{"rails irreversible", "db/migrate/1_a.rb", "class A < ActiveRecord::Migration[7.0]\n  def up\n    execute 'x'\n  end\n  def down\n    raise ActiveRecord::IrreversibleMigration\n  end\nend\n", "Rails", false, 0, true},
		{"knex with empty down", "migrations/1.js", "exports.up = function(knex) {\n  return knex.schema.createTable('a', t => t.increments());\n};\nexports.down = function(knex) {\n  // not reversible\n  return Promise.resolve();\n};\n", "JavaScript", false, 0, true},
		{"sequelize", "migrations/1.js", "module.exports = {\n  up: async (queryInterface, Sequelize) => {\n    await queryInterface.createTable('a', {});\n  },\n  down: async (queryInterface) => {\n    await queryInterface.dropTable('a');\n  }\n};\n", "JavaScript", true, 6, true},
		{"ef core", "Migrations/2024_Init.cs", "public partial class Init : Migration\n{\n    protected override void Up(MigrationBuilder migrationBuilder)\n    {\n        migrationBuilder.CreateTable(name: \"A\");\n    }\n\n    protected override void Down(MigrationBuilder migrationBuilder)\n    {\n        migrationBuilder.DropTable(name: \"A\");\n    }\n}\n", "Entity Framework", true, 10, true},
		{"laravel", "database/migrations/2024_a.php", "<?php\nreturn new class extends Migration {\n    public function up(): void { Schema::create('a', fn ($t) => $t->id()); }\n    public function down()\n    {\n        Schema::dropIfExists('a');\n    }\n};\n", "Laravel", true, 6, true},
		{"django is not recognised", "app/migrations/0001_initial.py", "class Migration(migrations.Migration):\n    operations = []\n", "", false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tool, rev, line, ok := migOneFile(tt.path, tt.src)
			if tool != tt.tool || rev != tt.rev || line != tt.line || ok != tt.ok {
				t.Errorf("got (%q, %v, %d, %v), want (%q, %v, %d, %v)", tool, rev, line, ok, tt.tool, tt.rev, tt.line, tt.ok)
			}
		})
	}
}

func TestMigCandidate(t *testing.T) {
	for p, want := range map[string]bool{
		"db/migrations/0001_init.up.sql":                      true,
		"internal/store/sql/0001_init.down.sql":               true,
		"src/main/resources/db/migration/V1__init.sql":        true,
		"alembic/versions/abc_init.py":                        true,
		"db/migrate/20240101_create.rb":                       true,
		"src/main/resources/db/changelog/master.xml":          true,
		"src/models/user.py":                                  false,
		"migrations/__init__.py":                              false,
		"test/fixtures/db/migrations/1.up.sql":                false,
		"src/migrations/1700000000000-AddEmail.spec.ts":       false,
		"Migrations/20240101_Init.Designer.cs":                false,
		"database/migrations/2024_01_01_create_users.php":     true,
		"tools/schema-migrator/cmd/main.go":                   false,
		"docs/db/migrations/howto.md":                         false,
		"db/seeds/users.sql":                                  false,
		"sql/V2__add.sql":                                     true,
		"deploy/migrations/job.yaml":                          true, // read, though only Liquibase content counts
		"services/billing/db/migrations/20240301_add_col.sql": true,
	} {
		if got := migCandidate(p); got != want {
			t.Errorf("migCandidate(%q) = %v, want %v", p, got, want)
		}
	}
}

func FuzzMigOneFile(f *testing.F) {
	for _, s := range []string{
		"-- +goose Up\nx;\n-- +goose Down\ny;\n",
		"def upgrade():\n  pass\ndef downgrade():\n  '''\n",
		"exports.up = 1; exports.down = function() { {{{ ",
		"<changeSet><rollback>",
		"public function down() { Schema::drop('a'); } Migration",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, p := range []string{"m.sql", "m.py", "m.rb", "m.js", "m.cs", "m.php", "m.xml", "m.yaml"} {
			migOneFile(p, src)
		}
	})
}
