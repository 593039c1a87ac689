"""The document model and its assembly from a plan."""
