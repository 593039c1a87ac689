"""Reading answers: the workspace's files, the questionnaire definitions, typed values, attachments."""
