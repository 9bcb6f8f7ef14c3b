class Backfill < ActiveRecord::Migration[7.1]
  def up
    execute "UPDATE posts SET title = ''"
  end

  def down
    raise ActiveRecord::IrreversibleMigration
  end
end
