-- Relayed calls name the binding they went through.
ALTER TABLE huibo_call ADD COLUMN binding_id VARCHAR(40);
