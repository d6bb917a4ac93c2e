-- Placeholder on the scaleout branch only: V4 belongs to the contracts branch (issue 15) and the
-- migrator refuses gaps. Delete this file when merging; the contracts branch's V4 takes its place.
SELECT 1;
