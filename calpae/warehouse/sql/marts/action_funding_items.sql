-- reads: int_action_funding_items
-- The figures behind each figure of action_funding: per département, year,
-- funder, action (action_key: its national measure, or for a département's
-- own initiative its title) and nature, each action's figure once, from the
-- one document chosen for that nature (a report for executed money, a
-- planning document for planned money, the later first), with the amount it
-- rests on. A cell's rows of one nature add up to its planned_eur
-- (prevu), executed_eur (execute) or carried_over_eur (report).
SELECT
    department_code,
    year,
    funder,
    action_key,
    nature,
    measure_code,
    action_ref,
    title AS action_title,
    CAST(amount_eur AS DECIMAL(14, 2)) AS amount_eur,
    amount_id,
    document_id
FROM int_action_funding_items
