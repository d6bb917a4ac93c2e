-- Schema contracts: what a staging table does with files that drift from it, kept with the
-- table's registration so that a refresh (which rebuilds the table) keeps it. NULL: never set,
-- the staged table's own (or the default, freeze / reject_file) applies. Values are the core's
-- lowercase wire names.
ALTER TABLE graph_tables
    ADD COLUMN contract_columns text CHECK (contract_columns IN ('freeze', 'evolve')),
    ADD COLUMN contract_rows    text CHECK (contract_rows IN ('reject_file', 'quarantine'));
