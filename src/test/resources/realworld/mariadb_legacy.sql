-- A discussion forum that started on MySQL 5.x and now runs on MariaDB: tables with latin1 and utf8mb3 defaults
-- next to newer utf8mb4 ones, columns with a character set or collation of their own (binary tokens, ASCII
-- codes, case-sensitive tags), table and column comments, VIRTUAL and PERSISTENT generated columns, timestamps kept
-- by ON UPDATE CURRENT_TIMESTAMP, tables on the Aria and MEMORY engines next to InnoDB, a trigger and a procedure
-- written with DELIMITER, a scheduled event and views.

CREATE TABLE forum_user (
    user_id INT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
    login VARCHAR(40) NOT NULL COMMENT 'unique, compared without case',
    email VARCHAR(190) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    display_name VARCHAR(80) DEFAULT NULL,
    password_hash CHAR(60) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'bcrypt, $2y$',
    country CHAR(2) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
    signature TEXT,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    post_count INT UNSIGNED NOT NULL DEFAULT 0,
    donation_amount FLOAT DEFAULT NULL COMMENT 'PayPal, in EUR',
    PRIMARY KEY (user_id),
    UNIQUE KEY uq_forum_user_login (login),
    KEY idx_forum_user_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci COMMENT='registered members';

CREATE TABLE board (
    board_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT,
    slug VARCHAR(60) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'URL part',
    title VARCHAR(120) NOT NULL,
    description VARCHAR(255) COLLATE latin1_general_ci DEFAULT NULL,
    position TINYINT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (board_id),
    UNIQUE KEY uq_board_slug (slug)
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COMMENT='forum sections, oldest table';

CREATE TABLE topic (
    topic_id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    board_id SMALLINT UNSIGNED NOT NULL,
    user_id INT UNSIGNED NOT NULL,
    subject VARCHAR(200) NOT NULL,
    subject_sort VARCHAR(200) AS (LOWER(subject)) VIRTUAL COMMENT 'for sorting only',
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_post_at DATETIME DEFAULT NULL,
    reply_count INT UNSIGNED NOT NULL DEFAULT 0,
    status ENUM('open','closed','pinned') CHARACTER SET latin1 COLLATE latin1_swedish_ci NOT NULL DEFAULT 'open',
    PRIMARY KEY (topic_id),
    KEY idx_topic_board_last (board_id, last_post_at),
    CONSTRAINT fk_topic_board FOREIGN KEY (board_id) REFERENCES board (board_id),
    CONSTRAINT fk_topic_user FOREIGN KEY (user_id) REFERENCES forum_user (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3;

CREATE TABLE post (
    post_id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    topic_id INT UNSIGNED NOT NULL,
    user_id INT UNSIGNED NOT NULL,
    body MEDIUMTEXT NOT NULL COMMENT 'BBCode source',
    body_length INT UNSIGNED AS (CHAR_LENGTH(body)) PERSISTENT,
    ip_address VARCHAR(45) CHARACTER SET ascii COLLATE ascii_bin DEFAULT NULL,
    posted_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    edited_at DATETIME(6) DEFAULT NULL ON UPDATE current_timestamp(6),
    PRIMARY KEY (post_id),
    KEY idx_post_topic (topic_id, posted_at),
    KEY idx_post_user (user_id),
    CONSTRAINT fk_post_topic FOREIGN KEY (topic_id) REFERENCES topic (topic_id) ON DELETE CASCADE,
    CONSTRAINT fk_post_user FOREIGN KEY (user_id) REFERENCES forum_user (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='one row per message';

CREATE TABLE tag (
    tag_id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    name VARCHAR(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL COMMENT 'case-sensitive',
    PRIMARY KEY (tag_id),
    UNIQUE KEY uq_tag_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;

CREATE TABLE topic_tag (
    topic_id INT UNSIGNED NOT NULL,
    tag_id INT UNSIGNED NOT NULL,
    PRIMARY KEY (topic_id, tag_id),
    KEY idx_topic_tag_tag (tag_id),
    CONSTRAINT fk_topic_tag_topic FOREIGN KEY (topic_id) REFERENCES topic (topic_id) ON DELETE CASCADE,
    CONSTRAINT fk_topic_tag_tag FOREIGN KEY (tag_id) REFERENCES tag (tag_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=latin1;

CREATE TABLE session_log (
    session_id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id INT UNSIGNED DEFAULT NULL,
    user_agent VARCHAR(255) DEFAULT NULL,
    started_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    started_day DATE AS (CAST(started_at AS DATE)) PERSISTENT,
    PRIMARY KEY (session_id),
    KEY idx_session_log_day (started_day)
) ENGINE=Aria DEFAULT CHARSET=latin1 COLLATE=latin1_general_ci COMMENT='pruned nightly by an event';

CREATE TABLE online_user (
    user_id INT UNSIGNED NOT NULL,
    seen_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    page VARCHAR(120) CHARACTER SET ascii COLLATE ascii_bin DEFAULT NULL,
    PRIMARY KEY (user_id)
) ENGINE=MEMORY DEFAULT CHARSET=utf8mb4 COMMENT='who is online, lost on restart by design';

CREATE VIEW board_activity AS
    SELECT b.board_id, b.title, COUNT(t.topic_id) AS topics, MAX(t.last_post_at) AS last_post_at
      FROM board b LEFT JOIN topic t ON t.board_id = b.board_id
     GROUP BY b.board_id, b.title;

CREATE VIEW active_user AS
    SELECT u.user_id, u.login, u.post_count
      FROM forum_user u
     WHERE u.post_count > 0;

DELIMITER ;;

CREATE TRIGGER post_after_insert AFTER INSERT ON post FOR EACH ROW
BEGIN
    UPDATE topic SET reply_count = reply_count + 1, last_post_at = NEW.posted_at WHERE topic_id = NEW.topic_id;
    UPDATE forum_user SET post_count = post_count + 1 WHERE user_id = NEW.user_id;
END;;

CREATE PROCEDURE move_topic(IN p_topic INT UNSIGNED, IN p_board SMALLINT UNSIGNED)
    MODIFIES SQL DATA
BEGIN
    UPDATE topic SET board_id = p_board WHERE topic_id = p_topic;
    SELECT ROW_COUNT() AS moved;
END;;

CREATE EVENT prune_sessions ON SCHEDULE EVERY 1 DAY
    DO DELETE FROM session_log WHERE started_at < NOW() - INTERVAL 30 DAY;;

DELIMITER ;
