"""Stories: which reprint groups report the same event, and which stories follow each other."""

from .clustering import find_stories, group_features
from .features import Features, IdfModel
from .score import story_score, storyline_score

__all__ = ["Features", "IdfModel", "find_stories", "group_features", "story_score", "storyline_score"]
