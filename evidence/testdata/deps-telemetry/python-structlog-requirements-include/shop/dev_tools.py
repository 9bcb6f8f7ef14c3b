# from loguru import logger
