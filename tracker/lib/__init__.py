"""Small helpers shared by every app: text folding, date formats, file
downloads, held uploads, the table base and export, form widgets. They know
nothing of the domain; an import from here reads as "a helper"."""
