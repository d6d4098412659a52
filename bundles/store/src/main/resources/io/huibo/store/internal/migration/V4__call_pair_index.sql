-- Anti-harassment caps count a pair's calls of the day.
CREATE INDEX huibo_call_pair ON huibo_call (from_number, to_number, created_at);
