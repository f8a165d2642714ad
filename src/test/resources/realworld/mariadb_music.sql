-- A music store on MariaDB: a stored function, procedures (one with an OUT parameter), triggers that call a
-- procedure, and scheduled events, written with DELIMITER blocks as the mysql client reads them.

CREATE TABLE artist (
    artist_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(120) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE album (
    album_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    title VARCHAR(160) NOT NULL,
    artist_id INT NOT NULL,
    CONSTRAINT fk_album_artist FOREIGN KEY (artist_id) REFERENCES artist (artist_id)
) ENGINE=InnoDB;

CREATE TABLE track (
    track_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    album_id INT,
    milliseconds INT NOT NULL,
    unit_price DECIMAL(10,2) NOT NULL DEFAULT 0.99,
    play_count INT NOT NULL DEFAULT 0,
    CONSTRAINT fk_track_album FOREIGN KEY (album_id) REFERENCES album (album_id),
    CONSTRAINT chk_track_price CHECK (unit_price >= 0)
) ENGINE=InnoDB;

CREATE TABLE invoice (
    invoice_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer VARCHAR(80) NOT NULL,
    invoice_date DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    total DECIMAL(10,2) NOT NULL DEFAULT 0
) ENGINE=InnoDB;

CREATE TABLE invoice_line (
    invoice_line_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    invoice_id INT NOT NULL,
    track_id INT NOT NULL,
    unit_price DECIMAL(10,2) NOT NULL,
    quantity INT NOT NULL DEFAULT 1,
    CONSTRAINT fk_line_invoice FOREIGN KEY (invoice_id) REFERENCES invoice (invoice_id),
    CONSTRAINT fk_line_track FOREIGN KEY (track_id) REFERENCES track (track_id)
) ENGINE=InnoDB;

CREATE TABLE play_log (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    track_id INT NOT NULL,
    played_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY play_log_played_at (played_at)
) ENGINE=InnoDB;

CREATE VIEW album_length AS
    SELECT a.album_id, a.title, SUM(t.milliseconds) AS milliseconds
      FROM album a JOIN track t ON t.album_id = a.album_id
     GROUP BY a.album_id, a.title;

DELIMITER ;;

CREATE FUNCTION track_minutes(ms INT) RETURNS DECIMAL(10,2)
    DETERMINISTIC
    RETURN ROUND(ms / 60000, 2);;

CREATE FUNCTION invoice_count(p_customer VARCHAR(80)) RETURNS INT
    READS SQL DATA
    SQL SECURITY INVOKER
BEGIN
    DECLARE n INT;
    SELECT COUNT(*) INTO n FROM invoice WHERE customer = p_customer;
    RETURN n;
END;;

CREATE PROCEDURE recalc_invoice_total(IN p_invoice INT)
    MODIFIES SQL DATA
BEGIN
    UPDATE invoice
       SET total = (SELECT COALESCE(SUM(unit_price * quantity), 0) FROM invoice_line WHERE invoice_id = p_invoice)
     WHERE invoice_id = p_invoice;
END;;

CREATE PROCEDURE album_stats(IN p_album INT, OUT p_tracks INT, OUT p_minutes DECIMAL(10,2))
    READS SQL DATA
BEGIN
    SELECT COUNT(*), COALESCE(SUM(track_minutes(milliseconds)), 0) INTO p_tracks, p_minutes
      FROM track WHERE album_id = p_album;
END;;

CREATE TRIGGER invoice_line_ai AFTER INSERT ON invoice_line FOR EACH ROW
BEGIN
    CALL recalc_invoice_total(NEW.invoice_id);
END;;

CREATE TRIGGER play_log_ai AFTER INSERT ON play_log FOR EACH ROW
BEGIN
    UPDATE track SET play_count = play_count + 1 WHERE track_id = NEW.track_id;
END;;

CREATE EVENT purge_play_log
    ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00'
    DO BEGIN
        DELETE FROM play_log WHERE played_at < NOW() - INTERVAL 90 DAY;
    END;;

CREATE EVENT refresh_totals
    ON SCHEDULE EVERY 1 HOUR
    DO UPDATE invoice SET total = total WHERE invoice_id = 0;;

DELIMITER ;
