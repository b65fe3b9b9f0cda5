-- Exports and other walks through the whole book page by (display_name, id): with both columns in
-- one index each page is a short index range instead of a sort of every contact after the cursor.
-- It also serves everything the single-column index did.
DROP INDEX contact_display_name;
CREATE INDEX contact_display_name_id ON contact (display_name, id);
