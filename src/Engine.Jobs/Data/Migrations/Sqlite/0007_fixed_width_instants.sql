-- Instants are compared in SQL (known_at <= as_of, MAX(known_at)), and SQLite compares text. They were written as ISO
-- text with the fraction of a second trimmed ('2024-03-05T01:00:00Z', '2024-03-05T01:00:00.5Z'), whose text order is not
-- their order ('.' sorts before 'Z'): a line received half a second after a run's as-of instant was seen by the run, and
-- a correction made in the same second as the row it corrects lost to it. From now on every instant is written with
-- nine decimals ('2024-03-05T01:00:00.000000000Z', fixed width, so text order is time order); this rewrites the
-- instants already stored the same way (same instant, new spelling).
UPDATE beneficiaries SET known_at = CASE WHEN instr(known_at, '.') = 0 THEN substr(known_at, 1, 19) || '.000000000Z'
    ELSE substr(known_at, 1, 20) || substr(substr(known_at, 21, length(known_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(known_at) <> 30 AND known_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE household_members SET known_at = CASE WHEN instr(known_at, '.') = 0 THEN substr(known_at, 1, 19) || '.000000000Z'
    ELSE substr(known_at, 1, 20) || substr(substr(known_at, 21, length(known_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(known_at) <> 30 AND known_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE households SET known_at = CASE WHEN instr(known_at, '.') = 0 THEN substr(known_at, 1, 19) || '.000000000Z'
    ELSE substr(known_at, 1, 20) || substr(substr(known_at, 21, length(known_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(known_at) <> 30 AND known_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE beneficiary_statuses SET known_at = CASE WHEN instr(known_at, '.') = 0 THEN substr(known_at, 1, 19) || '.000000000Z'
    ELSE substr(known_at, 1, 20) || substr(substr(known_at, 21, length(known_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(known_at) <> 30 AND known_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE providers SET known_at = CASE WHEN instr(known_at, '.') = 0 THEN substr(known_at, 1, 19) || '.000000000Z'
    ELSE substr(known_at, 1, 20) || substr(substr(known_at, 21, length(known_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(known_at) <> 30 AND known_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE sendings SET received_at = CASE WHEN instr(received_at, '.') = 0 THEN substr(received_at, 1, 19) || '.000000000Z'
    ELSE substr(received_at, 1, 20) || substr(substr(received_at, 21, length(received_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(received_at) <> 30 AND received_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE care_lines SET known_at = CASE WHEN instr(known_at, '.') = 0 THEN substr(known_at, 1, 19) || '.000000000Z'
    ELSE substr(known_at, 1, 20) || substr(substr(known_at, 21, length(known_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(known_at) <> 30 AND known_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE runs SET as_of = CASE WHEN instr(as_of, '.') = 0 THEN substr(as_of, 1, 19) || '.000000000Z'
    ELSE substr(as_of, 1, 20) || substr(substr(as_of, 21, length(as_of) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(as_of) <> 30 AND as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE runs SET started_at = CASE WHEN instr(started_at, '.') = 0 THEN substr(started_at, 1, 19) || '.000000000Z'
    ELSE substr(started_at, 1, 20) || substr(substr(started_at, 21, length(started_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(started_at) <> 30 AND started_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE runs SET finished_at = CASE WHEN instr(finished_at, '.') = 0 THEN substr(finished_at, 1, 19) || '.000000000Z'
    ELSE substr(finished_at, 1, 20) || substr(substr(finished_at, 21, length(finished_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(finished_at) <> 30 AND finished_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE line_results SET input_known_at = CASE WHEN instr(input_known_at, '.') = 0 THEN substr(input_known_at, 1, 19) || '.000000000Z'
    ELSE substr(input_known_at, 1, 20) || substr(substr(input_known_at, 21, length(input_known_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(input_known_at) <> 30 AND input_known_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE run_chunks SET done_at = CASE WHEN instr(done_at, '.') = 0 THEN substr(done_at, 1, 19) || '.000000000Z'
    ELSE substr(done_at, 1, 20) || substr(substr(done_at, 21, length(done_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(done_at) <> 30 AND done_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE indemnity_cases SET known_at = CASE WHEN instr(known_at, '.') = 0 THEN substr(known_at, 1, 19) || '.000000000Z'
    ELSE substr(known_at, 1, 20) || substr(substr(known_at, 21, length(known_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(known_at) <> 30 AND known_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE ac_requests SET known_at = CASE WHEN instr(known_at, '.') = 0 THEN substr(known_at, 1, 19) || '.000000000Z'
    ELSE substr(known_at, 1, 20) || substr(substr(known_at, 21, length(known_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(known_at) <> 30 AND known_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE rule_sets SET stored_at = CASE WHEN instr(stored_at, '.') = 0 THEN substr(stored_at, 1, 19) || '.000000000Z'
    ELSE substr(stored_at, 1, 20) || substr(substr(stored_at, 21, length(stored_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(stored_at) <> 30 AND stored_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE recalcs SET as_of = CASE WHEN instr(as_of, '.') = 0 THEN substr(as_of, 1, 19) || '.000000000Z'
    ELSE substr(as_of, 1, 20) || substr(substr(as_of, 21, length(as_of) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(as_of) <> 30 AND as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE recalcs SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(created_at) <> 30 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE adjustments SET known_at = CASE WHEN instr(known_at, '.') = 0 THEN substr(known_at, 1, 19) || '.000000000Z'
    ELSE substr(known_at, 1, 20) || substr(substr(known_at, 21, length(known_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(known_at) <> 30 AND known_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
UPDATE recoveries SET known_at = CASE WHEN instr(known_at, '.') = 0 THEN substr(known_at, 1, 19) || '.000000000Z'
    ELSE substr(known_at, 1, 20) || substr(substr(known_at, 21, length(known_at) - 21) || '000000000', 1, 9) || 'Z' END
WHERE length(known_at) <> 30 AND known_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z';
